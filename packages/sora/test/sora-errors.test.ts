import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as errors from '../src/sora-errors.js'

const { GenerationFailedError, RateLimitedError, SoraError, ValidationError } = errors

// A second copy of the built module, as a second install of the package would load it.
const copyDirectory = mkdtempSync(join(tmpdir(), 'sorakit-errors-'))
afterAll(() => rmSync(copyDirectory, { recursive: true, force: true }))

async function secondCopy(): Promise<typeof errors> {
  const source = new URL('../dist/sora-errors.js', import.meta.url)
  const target = join(copyDirectory, 'sora-errors.js')
  copyFileSync(source, target)
  return (await import(pathToFileURL(target).href)) as typeof errors
}

describe('SoraError', () => {
  it('recognises errors of another copy of the package by its registered marker', async () => {
    const other = await secondCopy()
    const foreign = new other.RateLimitedError('slow down', { retryAfterMs: 1000 })
    expect(foreign instanceof SoraError).toBe(false)
    expect(SoraError.isInstance(foreign)).toBe(true)
    expect(RateLimitedError.isInstance(foreign)).toBe(true)
    expect(ValidationError.isInstance(foreign)).toBe(false)
    expect(other.SoraError.isInstance(new ValidationError('bad'))).toBe(true)
    expect(SoraError.isInstance({ kind: 'validation', message: 'look-alike' })).toBe(false)
    expect(SoraError.isInstance(null)).toBe(false)
  })

  it('has one class per kind, each with a matching name, kind and retryability', () => {
    const classes = Object.values(errors).filter(
      (value): value is typeof SoraError =>
        typeof value === 'function' && value !== SoraError && value.prototype instanceof SoraError,
    )
    expect(classes).toHaveLength(17)
    for (const ErrorClass of classes) {
      const error = new (ErrorClass as unknown as new (message: string) => errors.SoraError)('m')
      expect(error.kind).toBe(ErrorClass.kind)
      expect(error.name).toBe(ErrorClass.name)
      expect(ErrorClass.isInstance(error)).toBe(true)
      expect(error).toBeInstanceOf(Error)
    }
    // Without a request, only a deadline is worth another try; a request's error takes the retry table's answer.
    expect(new RateLimitedError('m').retryable).toBe(false)
    expect(new RateLimitedError('m', { retryable: true }).retryable).toBe(true)
    expect(new errors.PollDeadlineExceededError('m').retryable).toBe(true)
    expect(new ValidationError('m').retryable).toBe(false)
  })

  it('serialises its facts, not the task it carries', () => {
    const task = { taskId: 't', raw: { secret: 'payload' } } as never
    const error = new GenerationFailedError('failed', {
      provider: 'kie',
      code: '422',
      failure: { code: '422', message: 'no', kind: 'content-policy' },
      task,
    })
    expect(error.task).toBe(task)
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'GenerationFailedError',
      kind: 'generation-failed',
      message: 'failed',
      retryable: false,
      provider: 'kie',
      code: '422',
      failure: { code: '422', message: 'no', kind: 'content-policy' },
    })
    expect(String(error)).toBe('GenerationFailedError: failed')
  })
})
