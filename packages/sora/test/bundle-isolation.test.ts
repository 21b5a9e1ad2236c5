import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the size bench
import { bundle, consumerEntries } from '../bench/bundle-entries.mjs'

async function built(entry: string): Promise<string> {
  return ((await bundle((consumerEntries as Record<string, string>)[entry])) as { code: string }).code
}

const serverUrls = (id: (typeof providerIds)[number]) => Object.values(providerRegistry[id].table.servers)

// Browser bundles (platform: browser) also prove the entries import nothing Node-only. Every provider of the
// registry: its entry carries its own servers and no other provider's (a white label's own host, not its original's).
describe('each provider entry ships only its own provider', () => {
  it.each(providerIds)('%s: its servers, no other provider', async (id) => {
    const code = await built(`@sorakit/sora/${id}`)
    const own = serverUrls(id)
    for (const url of own) expect(code).toContain(url)
    const others = providerIds.filter((other) => other !== id).flatMap(serverUrls)
    for (const url of others.filter((url) => !own.includes(url))) expect(code).not.toContain(url)
    expect(code).toContain('querySerializer') // openapi-fetch: the entry carries its client
  })

  it('webhooks: no client, no provider', async () => {
    const code = await built('@sorakit/sora/webhooks')
    expect(code).toContain('HMAC')
    for (const url of providerIds.flatMap(serverUrls)) expect(code).not.toContain(url)
    expect(code).not.toContain('querySerializer')
  })
})
