import { lifecycleFamilies } from '@sorakit/mock-msw/engine'
import type { ProviderTable } from '../src/mock-providers.js'
import { listOperations, type OpenApiDocument, type OperationEntry } from '../src/openapi-operations.js'
import { lifecycleRole } from './mock-client.js'

type Answer = Record<string, unknown>

/** A provider's create and status operations at a base URL, read the way its family answers them. */
export interface LifecycleApi {
  create: OperationEntry
  status: OperationEntry
  /** POSTs a body (a string is sent as it is) to the create path, or to `path`. */
  post(body: unknown, path?: string): Promise<Response>
  statusUrl(taskId: string): string
  taskIdOf(answer: Answer): string
  stateOf(answer: Answer): string
  /** True once the answer's state is none of the family's running phases. */
  isFinal(answer: Answer): boolean
}

const headers = { Authorization: 'Bearer lifecycle-test', 'Content-Type': 'application/json' }

export function lifecycleApi(table: ProviderTable, document: OpenApiDocument, baseUrl: () => string): LifecycleApi {
  const family = lifecycleFamilies[table.family]!
  const entries = listOperations(document, table)
  const create = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'create')!
  const status = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'status')!
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
      const query = status.parameters.find((parameter) => parameter.in === 'query')
      return query
        ? `${baseUrl()}${status.path}?${query.name}=${encodeURIComponent(taskId)}`
        : `${baseUrl()}${status.path.replace(/\{[^}]+\}/, encodeURIComponent(taskId))}`
    },
    taskIdOf: (answer) => String((answer['data'] as Answer | undefined)?.['taskId'] ?? answer['id']),
    stateOf,
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
  walk(copy['input'])
  const rank = (key: string | number) =>
    /prompt/i.test(String(key)) ? 0 : /url/i.test(String(key)) ? 1 : typeof key === 'number' ? 1 : 2
  const leaf = leaves.sort((left, right) => rank(left.key) - rank(right.key))[0]!
  ;(leaf.holder as Record<string | number, unknown>)[leaf.key] = /^https?:/.test(leaf.value)
    ? `${leaf.value}#mock:${scenario}`
    : `${leaf.value} #mock:${scenario}`
  return copy
}
