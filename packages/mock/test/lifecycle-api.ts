import { lifecycleFamilies } from '@sorakit/mock-msw/engine'
import type { ProviderTable } from '../src/mock-providers.js'
import { listOperations, type OpenApiDocument, type OperationEntry } from '../src/openapi-operations.js'
import { lifecycleRole } from './mock-client.js'

type Answer = Record<string, unknown>

/** A provider's create and status operations at a base URL, read the way its family answers them. */
export interface LifecycleApi {
  create: OperationEntry
  status: OperationEntry
  /** The model a sample of `create` names: its body's discriminator value, or the path (modelIn path). */
  modelOf(sample: { variant?: string | undefined }): string | undefined
  /**
   * The result of a final task, for a family that serves it apart from the status (fal's result route); else
   * undefined.
   */
  resultOf(taskId: string): Promise<unknown>
  /** POSTs a body (a string is sent as it is) to the create path, or to `path`. */
  post(body: unknown, path?: string): Promise<Response>
  statusUrl(taskId: string): string
  taskIdOf(answer: Answer): string
  stateOf(answer: Answer): string
  /** True once the answer's state is none of the family's running phases. */
  isFinal(answer: Answer): boolean
}

const headers = { Authorization: 'Bearer lifecycle-test', 'Content-Type': 'application/json' }

/** The API of `createPath` (default: the first create operation; a modelIn 'path' provider has one per model). */
export function lifecycleApi(
  table: ProviderTable,
  document: OpenApiDocument,
  baseUrl: () => string,
  createPath?: string,
): LifecycleApi {
  const family = lifecycleFamilies[table.family]!
  const entries = listOperations(document, table)
  const roleOf = (entry: OperationEntry) => lifecycleRole(table.id, document, entry)
  const create = entries.find((entry) => roleOf(entry) === 'create' && (createPath ?? entry.path) === entry.path)!
  const pathModel = table.modelOperation.modelIn === 'path'
  // A modelIn 'path' provider polls under the created model's own path.
  const underModel = (entry: OperationEntry) => !pathModel || entry.path.startsWith(`${create.path}/`)
  const status = entries.find((entry) => roleOf(entry) === 'status' && underModel(entry))!
  const result = entries.find((entry) => roleOf(entry) === 'result' && underModel(entry))
  const stateOf = (answer: Answer) => String((answer['data'] as Answer | undefined)?.['state'] ?? answer['status'])
  return {
    create,
    status,
    post: (body, path = create.path) =>
      fetch(`${baseUrl()}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    statusUrl: (taskId) => {
      // The task id's query parameter (kie `taskId`); fal's optional `logs` is not it.
      const query = status.parameters.find((parameter) => parameter.in === 'query' && parameter.required === true)
      return query
        ? `${baseUrl()}${status.path}?${query.name}=${encodeURIComponent(taskId)}`
        : `${baseUrl()}${status.path.replace(/\{[^}]+\}/, encodeURIComponent(taskId))}`
    },
    taskIdOf: (answer) =>
      String((answer['data'] as Answer | undefined)?.['taskId'] ?? answer['id'] ?? answer['request_id']),
    stateOf,
    modelOf: (sample) => sample.variant ?? (pathModel ? create.path.slice(1) : undefined),
    resultOf: async (taskId) => {
      if (result === undefined) return undefined
      const url = `${baseUrl()}${result.path.replace(/\{[^}]+\}/, encodeURIComponent(taskId))}`
      return (await fetch(url, { headers })).json()
    },
    isFinal: (answer) => !family.states.running.some((phase) => phase.state === stateOf(answer)),
  }
}

/** The body with `#mock:<scenario>` in its first prompt-like string (a URL gets it as its fragment). */
export function withMarker(body: unknown, scenario: string): unknown {
  const copy = structuredClone(body) as Answer
  const leaves: Array<{ holder: Answer | unknown[]; key: string | number; value: string }> = []
  const walk = (value: unknown) => {
    if (Array.isArray(value))
      value.forEach((item, index) =>
        typeof item === 'string' ? leaves.push({ holder: value, key: index, value: item }) : walk(item),
      )
    else if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value))
        typeof item === 'string' ? leaves.push({ holder: value as Answer, key, value: item }) : walk(item)
  }
  // The model's parameters: kie `input`, vtrix `input[0].params`, fal the body itself.
  walk('input' in copy ? copy['input'] : copy)
  const rank = (key: string | number) =>
    /prompt/i.test(String(key)) ? 0 : /url/i.test(String(key)) ? 1 : typeof key === 'number' ? 1 : 2
  const leaf = leaves.sort((left, right) => rank(left.key) - rank(right.key))[0]!
  ;(leaf.holder as Record<string | number, unknown>)[leaf.key] = /^https?:/.test(leaf.value)
    ? `${leaf.value}#mock:${scenario}`
    : `${leaf.value} #mock:${scenario}`
  return copy
}
