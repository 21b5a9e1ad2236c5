/** Writes consumer code that calls the model operation once per model, with every parameter set. */
import type { ParameterSchema, ProviderTable } from '@sorakit/provider'

export type { ProviderTable } from '@sorakit/provider'

export function sampleValue(schema: ParameterSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[schema.enum.length - 1]
  const type = typeof schema.type === 'string' ? schema.type : schema.type?.find((candidate) => candidate !== 'null')
  switch (type) {
    case 'string':
      return schema.format === 'uri' ? 'https://example.com/input.png' : 'text'
    case 'integer':
    case 'number':
      return schema.minimum ?? 1
    case 'boolean':
      return true
    case 'array':
      return [sampleValue(schema.items ?? {})]
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, child]) => [name, sampleValue(child)]),
      )
    default:
      return 'text'
  }
}

/** The request body for one model: its id plus every parameter, nested where the provider wants them. */
export function requestBody(table: ProviderTable, modelId: string): Record<string, unknown> {
  const parameters = Object.fromEntries(
    Object.entries(table.models[modelId]!.parameters).map(([name, schema]) => [name, sampleValue(schema)]),
  )
  let nested: unknown = parameters
  for (const keyword of [...table.modelOperation.parametersPath].reverse()) {
    if (keyword === 'items') nested = [nested]
    else if (keyword !== 'properties') nested = { [keyword]: nested }
  }
  // modelIn 'path' (fal): the path names the model, the body is the parameters.
  if (table.modelOperation.modelIn === 'path') return nested as Record<string, unknown>
  return { [table.modelOperation.discriminator]: modelId, ...(nested as Record<string, unknown>) }
}

/** The path one model's create goes to: the model operation's, or the model's own (modelIn 'path'). */
export function modelRequestPath(table: ProviderTable, modelId: string): string {
  const { path, modelIn } = table.modelOperation
  return modelIn === 'path' ? `/${modelId}` : path
}

/** The Authorization header a generated client sends with `key`, by the table's auth scheme. */
export function authorizationOf(table: ProviderTable, key: string): string {
  return table.auth.scheme === 'bearer' ? `Bearer ${key}` : `${table.auth.prefix ?? ''}${key}`
}

export function everyModelModule(
  tables: Array<{ packageName: string; factory: string; table: ProviderTable }>,
): string {
  const imports = tables.map(({ packageName, factory }) => `import { ${factory} } from '${packageName}'`).join('\n')
  const calls = tables.flatMap(({ factory, table }) => {
    const client = `${table.id}Client`
    const method = table.modelOperation.method.toUpperCase()
    return [
      `const ${client} = ${factory}({ apiKey: 'key', fetch: stubFetch })`,
      ...Object.keys(table.models).map(
        (modelId) =>
          `calls.push(${client}.${method}('${modelRequestPath(table, modelId)}', { body: ${JSON.stringify(requestBody(table, modelId))} }))`,
      ),
    ]
  })
  return `${imports}

// Every model of every provider, every parameter set: this file must compile and run.
const requests: Request[] = []
const stubFetch = async (request: Request) => {
  requests.push(request)
  return new Response('{"code":200,"msg":"success","data":{"taskId":"t"}}', { headers: { 'content-type': 'application/json' } })
}
const calls: Array<Promise<unknown>> = []
${calls.join('\n')}
await Promise.all(calls)
console.log(JSON.stringify(await Promise.all(requests.map(async (request) => ({ url: request.url, authorization: request.headers.get('authorization'), body: await request.json() })))))
`
}
