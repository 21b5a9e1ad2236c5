import { providerIds } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the size bench
import { bundle, consumerEntries, singleProviderBudget } from '../bench/bundle-entries.mjs'

// The size budget: a single-provider entry, as a browser app bundles it, stays under the budget the size
// bench states (bench/bundle-entries.mjs), so growth is a decision made there, not an accident.
const singleProviderEntries = Object.keys(consumerEntries as Record<string, string>).filter((entry) =>
  (providerIds as readonly string[]).includes(entry.replace('@sorakit/sora/', '')),
)

describe('the size budget of each single-provider entry (min+gz)', () => {
  it('covers an entry per provider subpath', () => {
    expect(singleProviderEntries.length).toBeGreaterThan(0)
  })

  it.each(singleProviderEntries)('%s', async (entry) => {
    const { gzipped } = (await bundle((consumerEntries as Record<string, string>)[entry])) as { gzipped: number }
    expect(gzipped, `${entry} is ${(gzipped / 1024).toFixed(2)} kB min+gz`).toBeLessThanOrEqual(
      singleProviderBudget as number,
    )
  })
})
