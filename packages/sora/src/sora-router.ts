import { createFailureAction, type CreateFailureAction } from './failover-policy.js'
import { isPlainObject } from './parameter-check.js'
import type { SoraOperation } from './sora-capabilities.js'
import { ValidationError } from './sora-errors.js'
import type { Sora } from './sora-facade.js'
import type { RequestOptions, SoraHandle, SoraOptions, SoraTask, WaitOptions } from './sora-types.js'

/** One provider of a route: its id and the options `createSora` takes for it. */
export type SoraRouteEntry = SoraOptions & { provider: string }

/** Options of `createSoraRouter`. */
export interface SoraRouterOptions {
  /**
   * The providers to try, in order, each with its key (`[{ provider: 'kie', apiKey }, { provider: 'apikley', apiKey
   * }]`). At least one, each provider once.
   */
  route: readonly SoraRouteEntry[]
  /** Called when a create moves on to the next provider, with the error that made it move. Default: none. */
  onFallback?: (event: { from: string; to: string; error: unknown; action: CreateFailureAction }) => void
}

/** The facade's operations over a route of providers; reads go to the provider of the handle. */
export interface SoraRouter {
  /** The providers of the route, in order. */
  readonly providers: readonly string[]
  /** Creates on the first provider that accepts, moving on only while no task can exist (`createFailurePolicy`). */
  create(operation: SoraOperation, input: Record<string, unknown>, options?: RequestOptions): Promise<SoraHandle>
  textToVideo(input: Record<string, unknown>, options?: RequestOptions): Promise<SoraHandle>
  imageToVideo(input: Record<string, unknown>, options?: RequestOptions): Promise<SoraHandle>
  getTask(handle: SoraHandle, options?: RequestOptions): Promise<SoraTask>
  wait(handle: SoraHandle, options?: WaitOptions): Promise<SoraTask>
  /** The facade of one provider of the route. */
  facade(provider: string): Sora
}

/**
 * `createSoraRouter` over a given `createSora` (the root entry passes its own).
 *
 * Fallback across providers for apps without a queue: a create is sent to the route's providers in
 * order and moves to the next one only when the failure says no task was created (maintenance,
 * 5xx answered, rate limited, model unavailable, feature disabled: `createFailurePolicy`), never
 * after a create, never on 402, validation or content policy. It does not wait out a rate limit
 * (the facade's own retries already honoured `Retry-After` up to `maxRetryAfterMs`): a queue
 * (`@sorakit/queue`) waits without holding anything. When every provider refused, the last error
 * is thrown.
 */
export function createRouterOver(options: SoraRouterOptions, createSora: (entry: SoraRouteEntry) => Sora): SoraRouter {
  const route = checkRoute(options)
  const facades = new Map(route.map((entry) => [entry.provider, createSora(entry)]))
  const facadeOf = (provider: string): Sora => {
    const facade = facades.get(provider)
    if (facade === undefined)
      throw new ValidationError(
        `The handle belongs to ${provider}, which is not on this route (${[...facades.keys()].join(', ')})`,
        { field: 'handle.provider', supported: [...facades.keys()] },
      )
    return facade
  }
  const create = async (
    operation: SoraOperation,
    input: Record<string, unknown>,
    requestOptions: RequestOptions = {},
  ) => {
    const providers = [...facades.keys()]
    for (const [index, provider] of providers.entries()) {
      const facade = facades.get(provider)! as unknown as Record<
        SoraOperation,
        ((input: unknown, options?: RequestOptions) => Promise<SoraHandle>) | undefined
      >
      try {
        const method = facade[operation]
        if (method === undefined)
          throw new ValidationError(`${provider} has no ${operation}`, { provider, field: 'operation' })
        return await method(input, requestOptions)
      } catch (error) {
        const action = createFailureAction(error)
        const next = providers[index + 1]
        const mayMove = action === 'retry' || action === 'delay' || action === 'fallback'
        if (!mayMove || next === undefined) throw error
        options.onFallback?.({ from: provider, to: next, error, action })
      }
    }
    throw new ValidationError('The route has no provider', { field: 'route' })
  }
  return {
    providers: [...facades.keys()],
    create,
    textToVideo: (input, requestOptions) => create('textToVideo', input, requestOptions),
    imageToVideo: (input, requestOptions) => create('imageToVideo', input, requestOptions),
    getTask: (handle, requestOptions) => facadeOf(handle.provider).getTask(handle, requestOptions),
    wait: (handle, waitOptions) => facadeOf(handle.provider).wait(handle, waitOptions),
    facade: facadeOf,
  }
}

function checkRoute(options: SoraRouterOptions): readonly SoraRouteEntry[] {
  const route = isPlainObject(options) ? options.route : undefined
  if (!Array.isArray(route) || route.length === 0)
    throw new ValidationError('route must be a non-empty array of { provider, apiKey, ... }', { field: 'route' })
  const seen = new Set<string>()
  for (const entry of route) {
    if (!isPlainObject(entry) || typeof entry['provider'] !== 'string')
      throw new ValidationError('every route entry needs a provider id', { field: 'route' })
    if (seen.has(entry['provider']))
      throw new ValidationError(`${entry['provider']} appears twice on the route`, { field: 'route' })
    seen.add(entry['provider'])
  }
  return route
}
