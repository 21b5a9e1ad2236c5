import { authHeaderText } from './package-client.js'
import type { JsonObject, JsonValue } from './json-value.js'
import { describeModels, type ParameterSchema } from './model-parameters.js'
import { pathsByServer } from './package-client.js'
import { generatedNotice, modelModules, packageNaming } from './package-naming.js'
import type { MergedProvider } from './provider-merge.js'
import { roleOperations, type ModelRole, type ProviderManifest } from './provider-manifest.js'

const httpMethods = ['get', 'put', 'post', 'delete', 'patch']

/** The package README: usage, options, and every operation and model of the bundled document. */
export function readme(merged: MergedProvider): string {
  const { manifest } = merged
  const naming = packageNaming(manifest)
  const models = describeModels(merged)
  const example = models[0]
  const modules = modelModules(
    manifest,
    models.map((model) => model.modelId),
  )
  return `# ${naming.packageName}

<!-- ${generatedNotice(manifest)} -->

Typed client for the [${manifest.displayName}](${manifest.docsUrl ?? manifest.servers['api']}) API: AI video generation.
Types come from the provider's OpenAPI documents (vendored in \`${manifest.directory}\`) through
openapi-typescript; requests go through openapi-fetch. Runs in Node 20+ and browsers.

\`\`\`ts
import { ${naming.clientFactory} } from '${naming.packageName}'

const client = ${naming.clientFactory}({ apiKey: '<your key>' })
const { data, error } = await client.${manifest.modelOperation.method.toUpperCase()}('${modelOperationPath(manifest, example?.modelId)}', {
  body: ${example === undefined ? '{}' : exampleBody(merged, example.modelId, example.required, example.parameters)},
})
\`\`\`

${
  manifest.modelOperation.modelIn === 'path'
    ? 'Each model has its own path (the model id): TypeScript types the request body by the path you call.'
    : `The request body is a union discriminated by \`${manifest.modelOperation.discriminator}\`: TypeScript narrows the parameters to the model you name.`
}
The bundled OpenAPI document ships as \`${naming.packageName}/openapi.json\`.

\`${naming.providerConstant}\` is the provider's table (every model), \`${naming.providerApiConstant}\` the same without its
models, and each model is its own module (\`${naming.packageName}/models/<model>\`, listed under each model below):
pass the few an app calls to the facade, \`createSoraWithModels({ models })\` of \`@sorakit/sora/${manifest.id}\`,
and the app bundles none of the others.

## Client options

| Option | Default | Meaning |
|---|---|---|
| \`apiKey\` | (required) | Sent as \`${authHeaderText(manifest)}\`; get one at ${manifest.auth.keyPage} |
| \`baseUrl\` | \`${manifest.servers['api']}\` | Base URL of the API |
${[...pathsByServer(merged).keys()].map((name) => `| \`${name}BaseUrl\` | \`${manifest.servers[name]}\` | Base URL of the ${name} server (its paths are listed below) |\n`).join('')}| \`fetch\` | \`globalThis.fetch\` | The fetch every request goes through |

## Operations

| Method | Path | Operation | Summary | Server |
|---|---|---|---|---|
${operationRows(merged).join('\n')}

## Models

${models
  .map(
    (model) => `### \`${model.modelId}\`

Module: \`import { ${modules.get(model.modelId)!.constant} } from '${naming.packageName}/${modules.get(model.modelId)!.subpath}'\`.
${model.role === undefined ? '' : modelRoleLines(model.role)}
| Parameter | Required | Type | Values and limits |
|---|---|---|---|
${Object.entries(model.parameters)
  .map(
    ([name, schema]) =>
      `| \`${name}\` | ${model.required.includes(name) ? 'yes' : 'no'} | ${typeName(schema)} | ${limits(schema)} |`,
  )
  .join('\n')}
${model.requestFields.length > 0 ? `\nRequest fields: ${model.requestFields.map((field) => `\`${field}\``).join(', ')}.\n` : ''}`,
  )
  .join('\n')}
## Source documents

| File | Origin | Upstream |
|---|---|---|
${manifest.documents.map((document) => `| \`${document.file}\` | ${document.origin} | ${document.upstream?.url ?? document.mirrors ?? document.sources?.[0] ?? ''} |`).join('\n')}
`
}

function modelRoleLines(role: ModelRole): string {
  const operations = roleOperations(role)
    .map((operation) => `\`${operation}\``)
    .join(', ')
  const aliases =
    role.aliases === undefined || role.aliases.length === 0
      ? ''
      : ` (aliases: ${role.aliases.map((alias) => `\`${alias}\``).join(', ')})`
  const { status, since, source } = role.availability
  return `\nFacade operation: ${operations}${aliases}.\n\nAvailability: **${status}**${since === undefined ? '' : ` since ${since}`} (${source}).\n`
}

function operationRows(merged: MergedProvider): string[] {
  const serverOf = new Map(
    [...pathsByServer(merged)].flatMap(([name, paths]) => paths.map((path) => [path, name] as const)),
  )
  const rows: string[] = []
  for (const [path, item] of Object.entries(merged.document['paths'] as JsonObject)) {
    for (const method of httpMethods) {
      const operation = (item as JsonObject)[method] as JsonObject | undefined
      if (operation === undefined) continue
      const summary = typeof operation['summary'] === 'string' ? operation['summary'] : ''
      rows.push(
        `| ${method.toUpperCase()} | \`${path}\` | \`${String(operation['operationId'] ?? '')}\` | ${summary} | ${serverOf.get(path) ?? 'api'} |`,
      )
    }
  }
  return rows
}

function typeName(schema: ParameterSchema): string {
  const type =
    typeof schema.type === 'string' ? schema.type : schema.type === undefined ? 'any' : schema.type.join(' \\| ')
  return type === 'array' && schema.items !== undefined ? `${typeName(schema.items)}[]` : type
}

function limits(schema: ParameterSchema): string {
  const parts: string[] = []
  if (schema.enum !== undefined) parts.push(schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(', '))
  if (schema.default !== undefined) parts.push(`default \`${JSON.stringify(schema.default)}\``)
  for (const [keyword, label] of [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['minimum', 'min'],
    ['maximum', 'max'],
  ] as const) {
    if (schema[keyword] !== undefined) parts.push(`${label} ${schema[keyword]}`)
  }
  if (schema.format !== undefined) parts.push(`format ${schema.format}`)
  if (schema.description !== undefined) parts.push(schema.description.replaceAll('|', '\\|'))
  return parts.join('; ')
}

function exampleBody(
  merged: MergedProvider,
  modelId: string,
  required: string[],
  parameters: Record<string, ParameterSchema>,
): string {
  const values: Record<string, JsonValue> = {}
  for (const name of required) values[name] = sampleValue(parameters[name])
  let body: JsonValue = values
  const path = merged.manifest.modelOperation.parametersPath.filter((keyword) => keyword !== 'properties')
  for (const keyword of [...path].reverse()) body = keyword === 'items' ? [body] : { [keyword]: body }
  // modelIn 'path': the model id is the path, not a body field.
  if (merged.manifest.modelOperation.modelIn === 'path') return JSON.stringify(body)
  return JSON.stringify({ [merged.manifest.modelOperation.discriminator]: modelId, ...(body as JsonObject) })
}

/** The path a model's request goes to: the shared model operation's, or (modelIn 'path') the model's own. */
function modelOperationPath(manifest: ProviderManifest, modelId: string | undefined): string {
  const { modelIn, path } = manifest.modelOperation
  return modelIn === 'path' && modelId !== undefined ? `/${modelId}` : path
}

function sampleValue(schema: ParameterSchema | undefined): JsonValue {
  if (schema?.enum !== undefined) return (schema.enum[0] ?? null) as JsonValue
  if (schema?.type === 'array') return [sampleValue(schema.items)]
  if (schema?.format === 'uri') return 'https://example.com/input.png'
  return 'A paper boat drifting down a rainy street'
}
