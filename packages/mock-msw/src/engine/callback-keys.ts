import type { CallbackKeys } from './lifecycle-family.js'

/** The keys an engine signs callbacks with: the HMAC key given, and an Ed25519 pair made on first use. */
export function createCallbackKeys(webhookKey: string): CallbackKeys {
  let ed25519: Promise<CryptoKeyPair> | undefined
  return {
    webhookKey,
    ed25519: () =>
      (ed25519 ??= globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
        'sign',
        'verify',
      ]) as Promise<CryptoKeyPair>),
  }
}

/** The Ed25519 public key as a JWKS, as fal serves its own: receivers verify the mock's callbacks with it. */
export async function callbackJwks(keys: CallbackKeys, keyId: string): Promise<unknown> {
  const publicKey = await globalThis.crypto.subtle.exportKey('jwk', (await keys.ed25519()).publicKey)
  return { keys: [{ ...publicKey, kid: keyId, use: 'sig', alg: 'EdDSA' }] }
}
