import {
  builtInProviderIds,
  createSora,
  ValidationError,
  type BuiltInProviderId,
  type SoraCapabilities,
  type SoraOperation,
} from '@sorakit/sora'
import type { VideoJobData, VideoJobRequest } from './video-job-types.js'

const operations: readonly SoraOperation[] = [
  'textToVideo',
  'imageToVideo',
  'createCharacter',
  'createCharacterFromTask',
  'storyboard',
  'removeWatermark',
]

/** Each error of the checks has one of these codes, so callers can tell them apart without parsing messages. */
export type JobRequestProblem =
  | 'bad-request'
  | 'unknown-provider'
  | 'bad-route'
  | 'unknown-operation'
  | 'model-not-on-route'
  | 'unserialisable-input'
  | 'oversized-input'
  | 'bad-job-id'

function problem(
  code: JobRequestProblem,
  message: string,
  field: string,
  supported?: readonly unknown[],
): ValidationError {
  return new ValidationError(message, { code, field, ...(supported === undefined ? {} : { supported }) })
}

// Capabilities come from the generated tables; a facade without a real key sends nothing.
const capabilitiesByProvider = new Map<string, SoraCapabilities>()
function capabilitiesOf(provider: BuiltInProviderId): SoraCapabilities {
  let capabilities = capabilitiesByProvider.get(provider)
  if (capabilities === undefined) {
    capabilities = createSora({ provider, apiKey: 'capabilities-only' }).capabilities
    capabilitiesByProvider.set(provider, capabilities)
  }
  return capabilities
}

/**
 * The job data for a request, or a `ValidationError` (with `code`, see `JobRequestProblem`) before
 * anything reaches Redis: unknown provider, bad route, model not sold by every provider of the
 * route, input that is not plain JSON or larger than `maxInputBytes`, a job id BullMQ would refuse.
 */
export function jobDataFor(
  request: VideoJobRequest,
  limits: { providers: readonly string[]; maxInputBytes: number },
): VideoJobData {
  if (typeof request !== 'object' || request === null)
    throw problem('bad-request', 'enqueue takes { provider | route, operation?, input, jobId? }', 'request')
  const route = routeOf(request, limits.providers)
  const operation = request.operation ?? 'textToVideo'
  if (!operations.includes(operation))
    throw problem('unknown-operation', `operation must be one of ${operations.join(', ')}`, 'operation', operations)
  const input = request.input
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw problem('unserialisable-input', 'input must be an object (the facade input of the operation)', 'input')
  checkJson(input, 'input', new Set())
  const bytes = Buffer.byteLength(JSON.stringify(input))
  if (bytes > limits.maxInputBytes)
    throw problem(
      'oversized-input',
      `input is ${bytes} bytes as JSON; the queue takes at most ${limits.maxInputBytes} (upload media and pass URLs)`,
      'input',
    )
  for (const provider of route) checkModel(provider as BuiltInProviderId, operation, input['model'])
  if (request.jobId !== undefined) checkJobId(request.jobId)
  return {
    route,
    operation,
    input,
    state: { providerIndex: 0, createAttempts: 0, rateLimitedMs: 0, samples: [], statusRequests: 0, fallbacks: [] },
  }
}

function routeOf(request: VideoJobRequest, allowed: readonly string[]): string[] {
  const hasProvider = 'provider' in request && request.provider !== undefined
  const hasRoute = 'route' in request && request.route !== undefined
  if (hasProvider === hasRoute)
    throw problem('bad-route', 'give exactly one of provider (an id) and route (a list of ids)', 'route')
  const route = hasProvider ? [request.provider] : request.route
  if (!Array.isArray(route) || route.length === 0)
    throw problem('bad-route', 'route must be a non-empty array of provider ids', 'route')
  const seen = new Set<string>()
  for (const provider of route) {
    if (typeof provider !== 'string' || !allowed.includes(provider)) {
      throw problem(
        'unknown-provider',
        `unknown provider ${JSON.stringify(provider)}; this queue takes ${allowed.join(', ')}`,
        hasProvider ? 'provider' : 'route',
        allowed,
      )
    }
    if (seen.has(provider)) throw problem('bad-route', `${provider} appears twice on the route`, 'route')
    seen.add(provider)
  }
  return [...route]
}

// The same input goes to every provider of the route: each must sell the model for the operation.
function checkModel(provider: BuiltInProviderId, operation: SoraOperation, model: unknown): void {
  if (!(builtInProviderIds as readonly string[]).includes(provider)) return
  const capabilities = capabilitiesOf(provider)
  const models = capabilities.operations[operation]
  if (models.length === 0)
    throw problem('model-not-on-route', `${capabilities.displayName} has no ${operation}`, 'operation')
  if (model === undefined) {
    if (capabilities.defaultModels[operation] === undefined)
      throw problem(
        'model-not-on-route',
        `${capabilities.displayName} has no default model for ${operation}: name one`,
        'input.model',
      )
    return
  }
  const known = models.some((entry) => entry.model === model || entry.aliases.includes(model as string))
  if (!known)
    throw problem(
      'model-not-on-route',
      `${capabilities.displayName} does not sell ${JSON.stringify(model)} for ${operation}`,
      'input.model',
      models.map((entry) => entry.model),
    )
}

// What survives JSON.stringify unchanged: no functions, undefined, Dates, class instances, NaN, cycles.
function checkJson(value: unknown, path: string, ancestors: Set<unknown>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw problem('unserialisable-input', `${path} is ${value}, which JSON cannot carry`, path)
    return
  }
  if (typeof value !== 'object')
    throw problem('unserialisable-input', `${path} is a ${typeof value}, which JSON cannot carry`, path)
  if (ancestors.has(value)) throw problem('unserialisable-input', `${path} refers to itself`, path)
  const prototype = Object.getPrototypeOf(value)
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null)
    throw problem(
      'unserialisable-input',
      `${path} is a ${value.constructor?.name ?? 'class instance'}, not plain JSON`,
      path,
    )
  ancestors.add(value)
  for (const [key, child] of Object.entries(value))
    checkJson(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, ancestors)
  ancestors.delete(value)
}

function checkJobId(jobId: unknown): void {
  // BullMQ refuses integer-like custom ids (they collide with its own counter) and ':' (its key separator).
  if (typeof jobId !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(jobId) || /^\d+$/.test(jobId)) {
    throw problem('bad-job-id', 'jobId must be 1-128 letters, digits, _ . - and not only digits', 'jobId')
  }
}
