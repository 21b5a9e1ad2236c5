import { portraitMediaMarker, requestsPortrait } from './media-orientation.js'
import { deliverCallback, type CallbackDelivery, type CallbackDeliveryOptions } from './callback-delivery.js'
import { documentedStatuses, responseExample } from './document-examples.js'
import { falFamily } from './family-fal.js'
import { kieFamily } from './family-kie.js'
import { vtrixFamily } from './family-vtrix.js'
import { callbackJwks, createCallbackKeys } from './callback-keys.js'
import type { FamilyContext, LifecycleFamily, MockTask } from './lifecycle-family.js'
import {
  isScenarioName,
  lifecycleScenarios,
  retryAfterSeconds,
  scenarioMarker,
  scenarioNames,
  type ScenarioName,
} from './lifecycle-scenarios.js'
import { finalAt, progressInstants, timelinePoint, type TimelinePoint } from './lifecycle-timeline.js'
import type { OperationLocation } from '@sorakit/provider'
import type {
  EngineAnswer,
  EngineRequest,
  LifecycleDocument,
  LifecycleProviderTable,
  Violation,
} from './lifecycle-types.js'
import { createModelValidator, violationsMessage } from './model-validation.js'
import {
  defaultMaxBodyBytes,
  defaultMaxUploadBytes,
  echo,
  jsonBytes,
  loggedBody,
  type BodyLimits,
} from './request-limits.js'
import { TaskStore, type TaskStoreLimits } from './task-store.js'

/** One lifecycle implementation per API family; a table's `family` picks it (a white label needs none). */
export const lifecycleFamilies: Readonly<Record<string, LifecycleFamily>> = {
  kie: kieFamily,
  vtrix: vtrixFamily,
  fal: falFamily,
}

/** The webhook key when none is given; printed at start so a receiver can verify with it. */
export const defaultWebhookKey = 'sorakit-mock-webhook-key'
/** The lifecycle time when none is given: long enough for a progress bar to be seen. */
export const defaultLifecycleMs = 20_000
/** Requests kept for `GET /__mock/requests`. */
const requestLogSize = 500
/** Callback deliveries kept for `GET /__mock/callbacks`. */
const deliveryLogSize = 500
/** Scripted outcomes that may wait in the queue. */
const scriptedLimit = 1_000

/** Options of {@link createLifecycleEngine}. */
export interface LifecycleEngineOptions {
  /** The generated provider table (`kieProvider`, ...). */
  table: LifecycleProviderTable
  /** The provider's bundled OpenAPI document (`@sorakit/<id>/openapi.json`): examples and schemas. */
  document: LifecycleDocument
  /** Time from create to the final state, in ms; 0 makes a task final at its first poll. Default: 20000. */
  lifecycleMs?: number
  /** HMAC key of signed callbacks. Default: {@link defaultWebhookKey}. */
  webhookKey?: string
  /** Bounds of the task store. Default: 10000 tasks and 64 MiB of their requests, each kept 24 h. */
  store?: TaskStoreLimits
  /** Largest request bodies the hosts read. Default: 1 MiB, 20 MiB for upload operations. */
  bodyLimits?: BodyLimits
  /** Callback sending: fetch, log, attempts, backoff, timeout. */
  callbacks?: Omit<CallbackDeliveryOptions, 'webhookKey'>
  /** Current time in Unix ms. Default: Date.now. */
  now?: () => number
}

/** Why a request body was not taken: over the size limit, nested too deep, or not JSON. */
export type BodyRefusal =
  | { kind: 'too-large'; limitBytes: number }
  | { kind: 'too-deep'; limitDepth: number }
  | { kind: 'not-json'; reason: string }

/** What the engine makes of a request path: one of the table's operations and its role in the lifecycle. */
export interface MatchedOperation {
  operationId: string
  role: 'create' | 'status' | 'result' | 'cancel' | 'download-url' | 'upload' | 'other'
  pathParameters: Record<string, string>
  /** The operation in the bundled document: the table's, or a modelIn `path` model's own (`/<model>/requests/...`). */
  location: OperationLocation
  /** The model a modelIn `path` request names in its path. */
  model?: string
}

/** The lifecycle of one provider's tasks, independent of the server or worker that receives the requests. */
export interface LifecycleEngine {
  readonly table: LifecycleProviderTable
  readonly lifecycleMs: number
  readonly webhookKey: string
  /** The status the provider documents for an invalid create (kie 422, vtrix 400). */
  readonly validationStatus: number
  /** The table's operation a request addresses, or undefined for an unknown path. */
  match(method: string, url: string): MatchedOperation | undefined
  /** True for the mock's own paths (`/__mock/...`). */
  isMockPath(url: string): boolean
  /**
   * The answer to a request that passed validation, given the answer the example engine (Prism, or the
   * document's first example) produced for it: creates make tasks, status reads them, URLs point at the mock.
   */
  answerValid(request: EngineRequest, operation: MatchedOperation, example: EngineAnswer): Promise<EngineAnswer>
  /** The provider's validation answer (status and envelope of `example`) naming what is wrong for the model chosen. */
  answerInvalid(
    request: EngineRequest,
    operation: MatchedOperation | undefined,
    example: EngineAnswer,
    violations: readonly Violation[],
  ): Promise<EngineAnswer>
  /** A path the provider does not serve, in its envelope. */
  answerUnknownPath(request: EngineRequest): EngineAnswer
  /** A body that is not JSON, in the provider's envelope. */
  answerBadJson(request: EngineRequest, reason: string): EngineAnswer
  /**
   * A body the host did not take (too large: 413; too deep or not JSON: the validation status), in the provider's
   * envelope, or `{error}` on an admin route.
   */
  answerRefusedBody(request: EngineRequest, refusal: BodyRefusal): EngineAnswer
  /**
   * Any other refusal or failure of the host (a bad Host header, Prism's own errors), in the provider's envelope, or
   * `{error}` on an admin route.
   */
  answerError(request: EngineRequest, status: number, message: string): EngineAnswer
  /** The largest body the host may read for this request: the upload limit for upload operations. */
  bodyLimitOf(method: string, url: string): number
  /**
   * The admin API under `/__mock/` (tasks, requests, callbacks, next, reset, jwks.json); media is served by the host.
   */
  answerAdmin(request: EngineRequest): Promise<EngineAnswer>
  /** Keeps a request (and its answer status) for `GET /__mock/requests`. */
  record(request: EngineRequest, status: number): void
  /** Forgets every task, request, scripted outcome and pending callback. */
  reset(): void
  /** Cancels every pending timer (callbacks); the engine answers no more callbacks. */
  stop(): void
}

interface RecordedRequest {
  at: string
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  status: number
}

/** Creates the lifecycle engine of one provider. */
export function createLifecycleEngine(options: LifecycleEngineOptions): LifecycleEngine {
  const { table, document } = options
  const known = lifecycleFamilies[table.family]
  if (known === undefined)
    throw new Error(
      `No mock lifecycle for the API family ${table.family} of ${table.id}; the mock knows ${Object.keys(lifecycleFamilies).join(', ')}`,
    )
  const family: LifecycleFamily = known
  const lifecycleMs = options.lifecycleMs ?? defaultLifecycleMs
  if (!Number.isFinite(lifecycleMs) || lifecycleMs < 0)
    throw new Error(`lifecycleMs must be 0 or more milliseconds; got ${lifecycleMs}`)
  const webhookKey = options.webhookKey ?? defaultWebhookKey
  const callbackKeys = createCallbackKeys(webhookKey)
  const now = options.now ?? Date.now
  const context: FamilyContext = { table, document }
  const store = new TaskStore<MockTask>(options.store)
  const timers = new Map<string, Array<ReturnType<typeof setTimeout>>>()
  const requests: RecordedRequest[] = []
  const deliveries: CallbackDelivery[] = []
  const scripted: ScenarioName[] = []
  const checkModel = createModelValidator(table, document)
  const maxBodyBytes = options.bodyLimits?.maxBodyBytes ?? defaultMaxBodyBytes
  const maxUploadBytes = options.bodyLimits?.maxUploadBytes ?? defaultMaxUploadBytes
  let generation = 0
  let stopped = false

  // A modelIn 'path' model id spans segments (`alibaba/happy-horse/image-to-video`); other parameters are one segment.
  const pathModel = table.modelOperation.modelIn === 'path' ? table.modelOperation.discriminator : undefined
  const routes = Object.entries(table.operations).map(([operationId, { method, path }]) => {
    const names: string[] = []
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_match, name: string) => (names.push(name), name === pathModel ? '(.+)' : '([^/]+)'))}$`,
    )
    return { operationId, method: method.toLowerCase(), path, pattern, names }
  })
  const roleOf = (operationId: string): MatchedOperation['role'] =>
    operationId === family.operations.create
      ? 'create'
      : operationId === family.operations.status
        ? 'status'
        : operationId === family.operations.result
          ? 'result'
          : operationId === family.operations.cancel
            ? 'cancel'
            : operationId === family.operations.downloadUrl
              ? 'download-url'
              : family.operations.uploads.includes(operationId)
                ? 'upload'
                : 'other'
  // The create operation in the document: a modelIn 'path' provider's first model's (they document the same answers).
  const createOperation = documentLocation(table.operations[family.operations.create]!, Object.keys(table.models)[0])
  const validationStatus =
    ['422', '400'].find((status) =>
      documentedStatuses(document, createOperation.method, createOperation.path).includes(status),
    ) ?? '400'

  function documentLocation(location: OperationLocation, model: string | undefined): OperationLocation {
    return pathModel === undefined || model === undefined
      ? location
      : { method: location.method, path: location.path.replace(`{${pathModel}}`, model) }
  }

  function envelope(status: number, message: string, template?: unknown): EngineAnswer {
    const base =
      typeof template === 'object' && template !== null
        ? (template as Record<string, unknown>)
        : { [family.messageField]: message, ...(family.messageField === 'msg' ? { data: null } : {}) }
    const code = family.statusCodeInBody === false ? {} : { code: status }
    return {
      status,
      headers: { 'Content-Type': 'application/json' },
      body: { ...base, ...code, [family.messageField]: message },
    }
  }

  function randomHex(length: number): string {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)))
    return [...bytes]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('')
      .slice(0, length)
  }

  function clearTimers(taskId: string): void {
    for (const timer of timers.get(taskId) ?? []) clearTimeout(timer)
    timers.delete(taskId)
  }

  function schedule(taskId: string, delay: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        const pending = timers.get(taskId)
        pending?.splice(pending.indexOf(timer), 1)
        run()
      },
      Math.max(0, delay),
    )
    // A mock with callbacks pending must still exit when asked to.
    ;(timer as { unref?: () => void }).unref?.()
    timers.set(taskId, [...(timers.get(taskId) ?? []), timer])
  }

  function scheduleCallbacks(task: MockTask): void {
    const at = (instant: number) => task.createdAt + instant - now()
    for (const [name, callback] of Object.entries(table.callbacks)) {
      const url = task.callbackUrls[name]
      if (url === undefined) continue
      const signed = callback.headers.some((header) => /signature/i.test(header))
      const completion = !/progress/i.test(name) && !/progress/i.test(callback.urlField)
      const instants = completion
        ? [finalAt(task.lifecycleMs, task.outcome)].filter((instant): instant is number => instant !== undefined)
        : progressInstants(family.states.running, task.lifecycleMs, task.outcome)
      for (const instant of instants) {
        schedule(task.id, at(instant), () => send(task, name, url, signed, instant))
      }
    }
  }

  function send(task: MockTask, callback: string, url: string, signed: boolean, instant: number): void {
    const point = timelinePoint(family.states.running, task.lifecycleMs, task.outcome, instant)
    const body = (family.callbackBody ?? family.statusAnswer)(context, task, point, task.createdAt + instant)
    const delivery: CallbackDelivery = {
      taskId: task.id,
      callback,
      url,
      body: loggedBody(body),
      signed,
      attempts: 0,
      outcome: 'pending',
    }
    deliveries.push(delivery)
    if (deliveries.length > deliveryLogSize) deliveries.shift()
    const sentIn = generation
    const sign = family.signCallback?.bind(family, callbackKeys, task)
    void deliverCallback(
      delivery,
      { ...options.callbacks, webhookKey, ...(sign === undefined ? {} : { sign }) },
      () => stopped || sentIn !== generation,
      body,
    )
  }

  /** Each callback's URL: its request field in the body, else in the query (fal's `fal_webhook`). */
  function callbackUrlsOf(request: EngineRequest, body: Record<string, unknown>): Record<string, string> {
    const query = new URL(request.url).searchParams
    const urls: Record<string, string> = {}
    for (const [name, { urlField }] of Object.entries(table.callbacks)) {
      const url = body[urlField] ?? query.get(urlField)
      if (typeof url === 'string' && url !== '') urls[name] = url
    }
    return urls
  }

  function createTask(
    request: EngineRequest,
    operation: MatchedOperation,
    scenario: ScenarioName,
    example: EngineAnswer,
  ): EngineAnswer {
    const body = request.body as Record<string, unknown>
    const model = operation.model ?? String(body[table.modelOperation.discriminator])
    // A model the provider no longer sells answers as the provider does, whatever the scenario.
    const unavailable = (table.models[model]?.availability.status ?? 'available') !== 'available'
    const declaration: {
      outcome?: MockTask['outcome']
      rejection?: keyof LifecycleFamily['rejections']
      lifecycleFactor?: number
    } = unavailable ? lifecycleScenarios['model-unavailable'] : lifecycleScenarios[scenario]
    if (declaration.rejection !== undefined) {
      const { status, example: name } = family.rejections[declaration.rejection]
      const answer: EngineAnswer = {
        status: Number(status),
        headers: { 'Content-Type': 'application/json' },
        body: responseExample(document, operation.location.method, operation.location.path, status, name),
      }
      if (declaration.rejection === 'rate-limited') answer.headers!['Retry-After'] = String(retryAfterSeconds)
      return answer
    }
    const createdAt = now()
    const task: MockTask = {
      id: family.newTaskId(model, randomHex),
      model,
      request: body,
      parameters: family.parametersOf(body),
      bytes: jsonBytes(body),
      createdAt,
      lifecycleMs: lifecycleMs * (declaration.lifecycleFactor ?? 1),
      outcome: declaration.outcome ?? 'success',
      scenario,
      origin: new URL(request.url).origin,
      resultIds: { media: '', character: `char_${randomHex(24)}`, record: `rec_${randomHex(16)}` },
      callbackUrls: callbackUrlsOf(request, body),
    }
    while (store.has(task.id)) task.id = family.newTaskId(model, randomHex)
    const portrait = requestsPortrait(table.models[model]?.commonParameters.aspectRatio, task.parameters)
    task.resultIds.media = portrait ? `${task.id}${portraitMediaMarker}` : task.id
    for (const forgotten of store.add(task, createdAt)) clearTimers(forgotten.id)
    scheduleCallbacks(task)
    return {
      status: example.status,
      headers: { 'Content-Type': 'application/json' },
      body: family.createAnswer(context, task, example.body, createdAt),
    }
  }

  /** Where a task is at `at`: on its timeline, or failed from the moment it was cancelled. */
  function pointAt(task: MockTask, at: number): TimelinePoint {
    if (task.cancelledAt !== undefined && at >= task.cancelledAt)
      return { final: 'failure', progress: 0, since: task.cancelledAt - task.createdAt }
    return timelinePoint(family.states.running, task.lifecycleMs, task.outcome, at - task.createdAt)
  }

  function taskState(task: MockTask, at: number): unknown {
    return family.statusAnswer(context, task, pointAt(task, at), at)
  }

  async function adminAnswer(request: EngineRequest): Promise<EngineAnswer> {
    const url = new URL(request.url)
    const route = url.pathname.replace(/^\/__mock\/?/, '').replace(/\/$/, '')
    const method = request.method.toUpperCase()
    const json = (status: number, body: unknown): EngineAnswer => ({
      status,
      headers: { 'Content-Type': 'application/json' },
      body,
    })
    const refuse = (status: number, error: string) => json(status, { error })
    const routesHelp =
      'GET /__mock, GET /__mock/tasks, GET /__mock/requests, GET /__mock/callbacks, POST /__mock/next {"scenarios": [...]}, POST /__mock/reset, GET /__mock/media/<name>.mp4, GET /__mock/jwks.json'
    const shownRoute = echo(route)
    // Writes need a JSON content type: a web page can only send one cross-origin after a CORS preflight,
    // which the servers do not grant to admin routes, so no page can reset or script a mock it visits.
    const expect = (wanted: string) =>
      method !== wanted
        ? refuse(400, `${method} /__mock/${shownRoute} is not an admin request: use ${wanted} /__mock/${shownRoute}`)
        : wanted !== 'GET' && !isJsonContentType(request.headers['content-type'])
          ? refuse(
              415,
              `${method} /__mock/${shownRoute} needs the header Content-Type: application/json (with or without a body); the admin API takes no other writes, so a web page cannot send them`,
            )
          : undefined
    switch (route) {
      case '':
        return (
          expect('GET') ??
          json(200, {
            provider: table.id,
            lifecycleMs,
            tasks: store.size,
            maxTasks: store.maxTasks,
            taskExpiryMs: store.expiryMs,
            scripted,
            scenarios: lifecycleScenarios,
            routes: routesHelp,
          })
        )
      case 'tasks': {
        const at = now()
        return (
          expect('GET') ??
          json(
            200,
            store.list(at).map((task) => ({
              id: task.id,
              model: task.model,
              scenario: task.scenario,
              createdAt: task.createdAt,
              state: taskState(task, at),
            })),
          )
        )
      }
      case 'requests':
        return expect('GET') ?? json(200, requests)
      case 'callbacks':
        return expect('GET') ?? json(200, deliveries)
      case 'jwks.json':
        return expect('GET') ?? json(200, await callbackJwks(callbackKeys, `sorakit-mock-${table.id}`))
      case 'reset': {
        const refused = expect('POST')
        if (refused) return refused
        resetAll()
        return json(200, { reset: true })
      }
      case 'next': {
        const refused = expect('POST')
        if (refused) return refused
        const body = request.body
        const list =
          typeof body === 'object' && body !== null && !Array.isArray(body)
            ? (body as Record<string, unknown>)['scenarios']
            : undefined
        if (!Array.isArray(list) || list.length === 0)
          return refuse(
            400,
            `POST /__mock/next needs a JSON body {"scenarios": [<name>, ...]} with at least one of: ${scenarioNames.join(', ')}`,
          )
        const unknown = list.filter((name) => !isScenarioName(name))
        if (unknown.length > 0)
          return refuse(
            400,
            `Unknown scenario ${describeUnknown(unknown)}; the scenarios are ${scenarioNames.join(', ')}`,
          )
        if (scripted.length + list.length > scriptedLimit)
          return refuse(
            400,
            `At most ${scriptedLimit} scripted outcomes may wait; ${scripted.length} already do (POST /__mock/reset clears them)`,
          )
        scripted.push(...(list as ScenarioName[]))
        return json(200, { scripted })
      }
      default:
        return refuse(404, `No admin route /__mock/${shownRoute}; the routes are ${routesHelp}`)
    }
  }

  function matchOperation(method: string, url: string): MatchedOperation | undefined {
    const pathname = pathnameOf(url)
    for (const route of routes) {
      if (route.method !== method.toLowerCase()) continue
      const match = route.pattern.exec(pathname)
      if (match === null) continue
      const pathParameters = Object.fromEntries(
        route.names.map((name, index) => [name, decodedPathSegment(match[index + 1]!)]),
      )
      const model = pathModel === undefined ? undefined : pathParameters[pathModel]
      // A path naming no model of the table is no route of the provider (fal answers an unknown endpoint 404).
      if (model !== undefined && !Object.hasOwn(table.models, model)) continue
      return {
        operationId: route.operationId,
        role: roleOf(route.operationId),
        pathParameters,
        location: documentLocation({ method: route.method as OperationLocation['method'], path: route.path }, model),
        ...(model === undefined ? {} : { model }),
      }
    }
    return undefined
  }

  function answerError(request: EngineRequest, status: number, message: string): EngineAnswer {
    if (isMockPathname(pathnameOf(request.url)))
      return { status, headers: { 'Content-Type': 'application/json' }, body: { error: message } }
    return envelope(status, message)
  }

  function resetAll(): void {
    generation += 1
    for (const task of store.clear()) clearTimers(task.id)
    requests.length = 0
    deliveries.length = 0
    scripted.length = 0
  }

  return {
    table,
    lifecycleMs,
    webhookKey,
    validationStatus: Number(validationStatus),
    match: matchOperation,
    isMockPath: (url) => isMockPathname(pathnameOf(url)),
    async answerValid(request, operation, example) {
      if (operation.role === 'create') {
        const body = request.body as Record<string, unknown>
        const marker = scenarioMarker(body)
        if (marker !== undefined && 'unknown' in marker) {
          return envelope(
            Number(validationStatus),
            `#mock:${echo(marker.unknown)} is not a mock scenario; the scenarios are ${scenarioNames.map((name) => `#mock:${name}`).join(', ')}`,
          )
        }
        const scenario = marker?.name ?? scripted.shift() ?? 'success'
        return createTask(request, operation, scenario, example)
      }
      if (operation.role === 'status' || operation.role === 'result' || operation.role === 'cancel') {
        const taskId = family.statusTaskId(new URL(request.url), operation.pathParameters) ?? ''
        const at = now()
        const found = store.get(taskId, at)
        // A modelIn 'path' task is only known under its own model's path.
        const task = operation.model === undefined || found?.model === operation.model ? found : undefined
        const json = { 'Content-Type': 'application/json' }
        if (task === undefined) {
          const { status, body } = family.unknownTask(context, echo(taskId))
          return { status, headers: json, body }
        }
        if (operation.role === 'status') return { status: 200, headers: json, body: taskState(task, at) }
        const point = pointAt(task, at)
        if (operation.role === 'cancel') {
          // A running task stops now (no callback follows); a finished one is as it was.
          const stopped = point.final === undefined
          if (stopped) {
            task.cancelledAt = at
            clearTimers(task.id)
          }
          return { status: 200, headers: json, body: family.cancelAnswer!(context, task, stopped) }
        }
        const result = family.resultAnswer?.(context, task, point) ?? { status: 200, body: taskState(task, at) }
        return { ...result, headers: json }
      }
      if (operation.role === 'download-url' && isRecord(example.body)) {
        const source = isRecord(request.body) && typeof request.body['url'] === 'string' ? request.body['url'] : ''
        const name = /([^/?#]+\.mp4)(?:[?#]|$)/.exec(source)?.[1] ?? 'download.mp4'
        return {
          ...example,
          body: {
            ...example.body,
            data: `${new URL(request.url).origin}/__mock/media/${name}?expires=${Math.floor(now() / 1000) + 1200}`,
          },
        }
      }
      if (operation.role === 'upload' && isRecord(example.body) && isRecord(example.body['data'])) {
        const data = example.body['data']
        const fields = isRecord(request.body) ? request.body : {}
        const fileName =
          typeof fields['fileName'] === 'string'
            ? fields['fileName']
            : typeof fields['fileUrl'] === 'string'
              ? (new URL(fields['fileUrl'], 'http://x').pathname.split('/').pop() ?? '')
              : ''
        const uploadPath = typeof fields['uploadPath'] === 'string' ? fields['uploadPath'] : 'uploads'
        const stored = `${new URL(request.url).origin}/__mock/media/${encodeURIComponent(uploadPath)}-${encodeURIComponent(fileName || `upload-${randomHex(8)}`)}`
        return {
          ...example,
          body: {
            ...example.body,
            data: {
              ...data,
              ...(fileName ? { fileName } : {}),
              downloadUrl: stored,
              ...('fileUrl' in data ? { fileUrl: stored } : {}),
            },
          },
        }
      }
      return example
    },
    async answerInvalid(request, operation, example, violations) {
      let message = violationsMessage(violations)
      if (operation?.role === 'create') {
        const check = await checkModel(request.body, operation.model)
        if (check.kind === 'unknown-model') {
          message = `${table.modelOperation.discriminator}: ${check.model === undefined ? 'This field is required' : `${echo(JSON.stringify(check.model))} is not a model of ${table.displayName}`}; the models are ${check.known.join(', ')}`
        } else if (check.violations.length > 0) message = violationsMessage(check.violations)
      }
      return envelope(example.status, message, example.body)
    },
    answerUnknownPath(request) {
      const { pathname } = new URL(request.url)
      // A modelIn 'path' submit to a path naming no model: the provider's answer for an unknown endpoint.
      if (pathModel !== undefined && request.method.toLowerCase() === table.modelOperation.method) {
        const model = echo(JSON.stringify(decodedPathSegment(pathname.slice(1))))
        return envelope(
          404,
          `${model} is not a model of ${table.displayName}; the models are ${Object.keys(table.models).join(', ')}`,
        )
      }
      const known = Object.values(table.operations).map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      return envelope(
        404,
        `${request.method.toUpperCase()} ${pathname} is not an operation of ${table.displayName}; its operations are ${known.join(', ')}`,
      )
    },
    answerBadJson(_request, reason) {
      return envelope(Number(validationStatus), `The request body is not valid JSON: ${echo(reason)}`)
    },
    answerRefusedBody(request, refusal) {
      // The admin API answers every bad body 400, as its README table says; providers their validation status.
      const badBodyStatus = isMockPathname(pathnameOf(request.url)) ? 400 : Number(validationStatus)
      const { status, message } = describeRefusal(refusal, badBodyStatus)
      return answerError(request, status, message)
    },
    answerError,
    bodyLimitOf(method, url) {
      return matchOperation(method, url)?.role === 'upload' ? maxUploadBytes : maxBodyBytes
    },
    answerAdmin: adminAnswer,
    record(request, status) {
      const url = new URL(request.url)
      requests.push({
        at: new Date(now()).toISOString(),
        method: request.method.toUpperCase(),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: loggedBody(request.body),
        status,
      })
      if (requests.length > requestLogSize) requests.shift()
    },
    reset: resetAll,
    stop() {
      stopped = true
      for (const taskId of [...timers.keys()]) clearTimers(taskId)
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isMockPathname(pathname: string): boolean {
  return /^\/__mock(\/|$)/.test(pathname)
}

/** The path of a URL, or `/` for text that is not one: a refusal must not throw while describing a bad request. */
function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '/'
  }
}

/**
 * A path segment decoded; kept as sent when its percent-encoding is malformed (`%ZZ`), so it is an unknown id, not a
 * URIError.
 */
function decodedPathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function describeRefusal(refusal: BodyRefusal, validationStatus: number): { status: number; message: string } {
  switch (refusal.kind) {
    case 'too-large':
      return {
        status: 413,
        message: `The request body is over the mock's limit of ${refusal.limitBytes} bytes; send a smaller body`,
      }
    case 'too-deep':
      return {
        status: validationStatus,
        message: `The request body nests arrays and objects deeper than ${refusal.limitDepth} levels; no operation takes that`,
      }
    case 'not-json':
      return { status: validationStatus, message: `The request body is not valid JSON: ${echo(refusal.reason)}` }
  }
}

function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/(.+\+)?json\s*(;|$)/i.test(contentType ?? '')
}

/** The first few unknown scenario names, each cut short: an error never echoes a whole body. */
function describeUnknown(names: readonly unknown[]): string {
  const shown = names.slice(0, 5).map((name) => echo(JSON.stringify(name) ?? String(name)))
  return names.length > shown.length
    ? `${shown.join(', ')} (and ${names.length - shown.length} more)`
    : shown.join(', ')
}
