import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the size bench
import { bundle, consumerEntries } from '../bench/bundle-entries.mjs'

const marks = {
  kie: ['https://api.kie.ai', 'kieai.redpandaai.co'],
  apikley: ['https://api.apikley.ru'],
  vtrix: ['https://cloud.vtrix.ai', '/model/v1/generation'],
  kieFamily: ['/api/v1/jobs/recordInfo'],
  openapiFetch: ['querySerializer'],
}

async function built(entry: string): Promise<string> {
  return ((await bundle((consumerEntries as Record<string, string>)[entry])) as { code: string }).code
}

// Browser bundles (platform: browser) also prove the entries import nothing Node-only.
describe('each provider entry ships only its own provider', () => {
  it('kie.ai: no Apikley or vtrix code', async () => {
    const code = await built('@sorakit/sora/kie')
    for (const mark of [...marks.kie, ...marks.kieFamily, ...marks.openapiFetch]) expect(code).toContain(mark)
    for (const mark of [...marks.apikley, ...marks.vtrix]) expect(code).not.toContain(mark)
  })

  it('Apikley: no kie.ai or vtrix code', async () => {
    const code = await built('@sorakit/sora/apikley')
    for (const mark of [...marks.apikley, ...marks.kieFamily]) expect(code).toContain(mark)
    for (const mark of [...marks.kie, ...marks.vtrix]) expect(code).not.toContain(mark)
  })

  it('vtrix: no kie-family code', async () => {
    const code = await built('@sorakit/sora/vtrix')
    for (const mark of marks.vtrix) expect(code).toContain(mark)
    for (const mark of [...marks.kie, ...marks.apikley, ...marks.kieFamily]) expect(code).not.toContain(mark)
  })

  it('webhooks: no client, no provider', async () => {
    const code = await built('@sorakit/sora/webhooks')
    expect(code).toContain('HMAC')
    for (const mark of [...marks.kie, ...marks.apikley, ...marks.vtrix, ...marks.openapiFetch])
      expect(code).not.toContain(mark)
  })
})
