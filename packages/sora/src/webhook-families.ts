import { verifyFalWebhook, type FalWebhookKeySource } from './fal-webhook.js'
import { ValidationError } from './sora-errors.js'
import type { ProviderId } from './sora-types.js'
import type { WebhookParts } from './webhook-input.js'
import { verifyKieWebhook } from './webhooks.js'

/** What a family's callbacks are verified with; each family reads its own. */
export interface FamilyWebhookOptions {
  /** The provider the callback is for (`sora.provider`). */
  provider: ProviderId
  /** kie.ai family: the webhook HMAC key. */
  secret?: string
  /** fal family: the public keys. Default: fal's JWKS (`falWebhookKeys()`). */
  keys?: FalWebhookKeySource
}

type FamilyVerifier = (input: Request | WebhookParts, options: FamilyWebhookOptions) => Promise<void>

/** The verifier of each API family that signs its callbacks, by `capabilities.family`. */
const familyVerifiers: Readonly<Record<string, FamilyVerifier>> = {
  kie: async (input, { provider, secret }) => {
    if (secret === undefined)
      throw new ValidationError(`${provider}'s callbacks are verified with its webhook key: pass secret`, {
        provider,
        field: 'secret',
      })
    await verifyKieWebhook(input, { secret, provider })
  },
  fal: async (input, { keys }) => {
    await verifyFalWebhook(input, keys === undefined ? {} : { keys })
  },
}

/**
 * Verifies a callback the way its API family signs (kie.ai's HMAC, fal's Ed25519), for code that serves any
 * provider (the AI SDK provider): `family` is `sora.capabilities.family`. Throws a WebhookVerificationError as the
 * family's verifier does, a ValidationError for a family that signs nothing.
 */
export async function verifyFamilyWebhook(
  family: string,
  input: Request | WebhookParts,
  options: FamilyWebhookOptions,
): Promise<void> {
  const verify = familyVerifiers[family]
  if (verify === undefined)
    throw new ValidationError(
      `The ${family} family signs no callbacks; the ones that do are ${Object.keys(familyVerifiers).join(', ')}`,
      { provider: options.provider, field: 'family', supported: Object.keys(familyVerifiers) },
    )
  await verify(input, options)
}
