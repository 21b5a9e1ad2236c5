import { SoraError } from '../../src/sora-errors.js'

/** The SoraError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SoraError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!SoraError.isInstance(error)) throw new Error(`expected a SoraError, got ${String(error)}`)
  return error
}
