/**
 * The one error type the codegen throws for bad input. It always names the file and, where the
 * problem sits inside a JSON document, the JSON pointer, so the message says exactly what to fix.
 */
export class CodegenError extends Error {
  override readonly name = 'CodegenError'
  /** Path of the offending file, relative to the repository root. */
  readonly file: string
  /** RFC 6901 JSON pointer inside `file`, when the problem has a location. */
  readonly pointer: string | undefined
  /** A second file involved (the other side of a merge conflict). */
  readonly otherFile: string | undefined

  constructor(options: { file: string; pointer?: string; otherFile?: string; message: string }) {
    super(formatMessage(options))
    this.file = options.file
    this.pointer = options.pointer
    this.otherFile = options.otherFile
  }
}

function formatMessage(options: { file: string; pointer?: string; message: string }): string {
  const where = options.pointer === undefined ? options.file : `${options.file}#${options.pointer}`
  return `${where}: ${options.message}`
}

/** Several independent problems found in one pass, reported together. */
export class CodegenErrors extends Error {
  override readonly name = 'CodegenErrors'
  readonly errors: readonly CodegenError[]

  constructor(errors: readonly CodegenError[]) {
    super(errors.map((error) => error.message).join('\n'))
    this.errors = errors
  }
}
