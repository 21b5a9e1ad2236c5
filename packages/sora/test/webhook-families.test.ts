import { describe, expect, it } from 'vitest'
import { ValidationError, WebhookVerificationError } from '../src/index.js'
import { signFalWebhook, staticFalWebhookKeys, verifyFamilyWebhook } from '../src/webhooks.js'

// verifyFamilyWebhook: one call for code serving any provider (the AI SDK provider), each family verified its way.

async function falKeyPair() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey)
  return { privateKey: pair.privateKey, keys: staticFalWebhookKeys({ keys: [jwk as never] }) }
}

describe('verifyFamilyWebhook', () => {
  it("verifies a fal delivery with fal's keys, and refuses one signed by another key", async () => {
    const body = JSON.stringify({ request_id: 'req-1', status: 'OK', payload: {} })
    const signer = await falKeyPair()
    const headers = await signFalWebhook({ privateKey: signer.privateKey, requestId: 'req-1', userId: 'u', body })
    await expect(verifyFamilyWebhook('fal', { headers, body }, { provider: 'fal', keys: signer.keys })).resolves.toBe(
      undefined,
    )
    const other = await falKeyPair()
    const refused = verifyFamilyWebhook('fal', { headers, body }, { provider: 'fal', keys: other.keys })
    await expect(refused).rejects.toBeInstanceOf(WebhookVerificationError)
  })

  it('asks for the kie.ai webhook key, and says which families sign at all', async () => {
    const parts = { headers: {}, body: '{}' }
    await expect(verifyFamilyWebhook('kie', parts, { provider: 'kie' })).rejects.toMatchObject({ field: 'secret' })
    const unsigned = verifyFamilyWebhook('vtrix', parts, { provider: 'vtrix' })
    await expect(unsigned).rejects.toBeInstanceOf(ValidationError)
    await expect(unsigned).rejects.toMatchObject({ supported: ['kie', 'fal'] })
  })
})
