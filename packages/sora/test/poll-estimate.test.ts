import { describe, expect, it } from 'vitest'
import { adaptivePollDelayMs, estimateCompletionMs } from '../src/index.js'

describe('the completion estimate', () => {
  it('is the expected duration while no progress was reported', () => {
    expect(estimateCompletionMs([], 10_000)).toBe(180_000)
    expect(estimateCompletionMs([{ elapsedMs: 5_000, progress: null }], 10_000, 60_000)).toBe(60_000)
  })

  it('follows the progress rate from the first step to the last', () => {
    const samples = [
      { elapsedMs: 40_000, progress: 0.1 },
      { elapsedMs: 50_000, progress: 0.1 },
      { elapsedMs: 80_000, progress: 0.4 },
    ]
    // 0.3 in 40 s: the remaining 0.6 takes 80 s more.
    expect(estimateCompletionMs(samples, 80_000)).toBe(160_000)
  })

  it('is never before now', () => {
    expect(estimateCompletionMs([{ elapsedMs: 10_000, progress: 0.9 }], 300_000)).toBe(300_000)
  })
})

describe('the next poll delay', () => {
  it('is sparse early and dense near the estimate', () => {
    const early = adaptivePollDelayMs([], 0)
    const near = adaptivePollDelayMs([], 178_000)
    expect(early).toBe(30_000)
    expect(near).toBe(4_000)
  })

  it("never polls more often than the provider's limit, never sleeps longer than the cap", () => {
    expect(adaptivePollDelayMs([], 179_000, { denseIntervalMs: 500, minIntervalMs: 2_000 })).toBe(2_000)
    expect(adaptivePollDelayMs([], 0, { expectedDurationMs: 3_600_000 })).toBe(30_000)
  })

  it('grows again when a task runs late', () => {
    expect(adaptivePollDelayMs([], 180_000 + 60_000)).toBeGreaterThan(adaptivePollDelayMs([], 180_000 + 5_000))
  })
})
