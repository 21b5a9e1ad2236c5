import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

/** Creates a provider key may send per window, counted in Redis for every worker at once. */
export interface ProviderRateBudget {
  /** Creates per window. Default: 20 (kie.ai: 20 new generations per 10 s per account). */
  creates: number
  /** The window, in ms (whole seconds). Default: 10000. */
  windowMs: number
}

const defaultBudget: ProviderRateBudget = { creates: 20, windowMs: 10_000 }

/**
 * One rate limiter per provider key (rate-limiter-flexible over Redis): workers on several machines
 * share the budget, and a key used by two providers' entries is still one budget. The key itself
 * never reaches Redis, only a hash of it.
 */
export function createProviderBudget(
  redis: Redis,
  prefix: string,
  providers: Readonly<Record<string, { apiKey: string; rateBudget?: ProviderRateBudget }>>,
) {
  const limiters = new Map<string, { limiter: RateLimiterRedis; key: string }>()
  const limiterOf = (provider: string) => {
    let entry = limiters.get(provider)
    if (entry === undefined) {
      const options = providers[provider]
      const budget = options?.rateBudget ?? defaultBudget
      const limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:create-budget`,
        points: budget.creates,
        duration: Math.max(1, Math.round(budget.windowMs / 1000)),
      })
      const key = `${provider}:${createHash('sha256')
        .update(options?.apiKey ?? '')
        .digest('hex')
        .slice(0, 16)}`
      entry = { limiter, key }
      limiters.set(provider, entry)
    }
    return entry
  }
  return {
    /** 0 when a create may leave now (and counts it), else the ms until the window has room. */
    async take(provider: string): Promise<number> {
      const { limiter, key } = limiterOf(provider)
      try {
        await limiter.consume(key)
        return 0
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext)
        throw refusal
      }
    },
  }
}
