/**
 * The one error type of the drift commands for bad input or a bad repository state: the message
 * says what is wrong and what to do. The CLI prints it and exits with `exitCodes.badInput`.
 */
export class DriftError extends Error {
  override readonly name = 'DriftError'
}
