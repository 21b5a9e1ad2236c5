/**
 * How many cases a fast-check property runs: `FAST_CHECK_RUNS` (CI sets it high, .ci/run), else a
 * small count for everyday `pnpm test`. A property never runs more than the count it was written for.
 */
export function propertyRuns(fullCount: number): number {
  const fromEnvironment = Number(process.env['FAST_CHECK_RUNS'])
  const runs = Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 100
  return Math.min(fullCount, runs)
}
