import type { GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { providerIds, providerRegistry, type ProviderRegistry } from '@sorakit/provider-registry'
import { definitionForProvider } from './provider-families.js'
import { ValidationError } from './sora-errors.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import { createRouterOver, type SoraRouter, type SoraRouterOptions } from './sora-router.js'
import type { BuiltInProviderId, SoraOptions } from './sora-types.js'

export * from './sora-exports.js'
export type { GeneratedProvider } from './provider-families.js'
export type { SoraRouteEntry, SoraRouter, SoraRouterOptions } from './sora-router.js'
// Multi-provider tools (the router, @sorakit/queue) only: the single-provider entries stay within their size budget.
export {
  createFailureAction,
  createFailurePolicy,
  mayFallBackAfter,
  type CreateFailureAction,
  type CreateFailureRule,
} from './failover-policy.js'
export {
  adaptivePollDelayMs,
  estimateCompletionMs,
  type AdaptivePollOptions,
  type ProgressSample,
} from './poll-estimate.js'

/** The table of a provider choice: a registered id's generated table, or the one passed in. */
export type TableOf<Provider> = Provider extends BuiltInProviderId
  ? ProviderRegistry[Provider]['table']
  : Provider extends GeneratedProvider<infer Table>
    ? Table
    : ProviderTable

type IsUnion<U, All = U> = U extends unknown ? ([All] extends [U] ? false : true) : never

/** `Sora` typed by one provider's table; a union of providers gets the wide `Sora`. */
export type SoraFor<Provider> = true extends IsUnion<Provider> ? Sora : Sora<TableOf<Provider>>

/**
 * The providers `createSora({ provider })` takes by id: every provider of `@sorakit/provider-registry` (tools such as
 * the `sorakit` CLI list them from here).
 */
export const builtInProviderIds: readonly BuiltInProviderId[] = providerIds

/**
 * The facade for any provider: an id of `@sorakit/provider-registry` (every provider of specs/), or
 * `{ table, createClient }` of a generated provider package of a known API family. This entry bundles
 * every registered provider; import `@sorakit/sora/<id>` instead to ship one.
 */
export function createSora<const Provider extends BuiltInProviderId | GeneratedProvider>(
  options: SoraOptions & { provider: Provider },
): SoraFor<Provider> {
  const { provider, ...facadeOptions } = options ?? {}
  if (typeof provider === 'object' && provider !== null)
    return createSoraFacade(definitionForProvider(provider), facadeOptions) as SoraFor<Provider>
  if (typeof provider !== 'string' || !(providerIds as readonly string[]).includes(provider)) {
    throw new ValidationError(
      `provider must be one of ${providerIds.join(', ')}, or { table, createClient } of a generated provider package`,
      { field: 'provider', supported: [...providerIds] },
    )
  }
  return createSoraFacade(
    definitionForProvider(providerRegistry[provider as BuiltInProviderId]),
    options,
  ) as SoraFor<Provider>
}

/**
 * Fallback across providers without a queue: `createSoraRouter({ route: [{ provider: 'kie', apiKey },
 * { provider: 'apikley', apiKey }] })`. A create moves to the next provider only when no task can exist
 * (`createFailurePolicy`); reads go to the handle's provider.
 */
export function createSoraRouter(options: SoraRouterOptions): SoraRouter {
  return createRouterOver(
    options,
    (entry) => createSora(entry as SoraOptions & { provider: BuiltInProviderId }) as Sora,
  )
}
