import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// The named examples of the bundled OpenAPI documents are the fixtures: a spec change shows up here.
const require = createRequire(import.meta.url)
const documents = new Map<string, Record<string, any>>()

export function openapiDocument(provider: string): Record<string, any> {
  let document = documents.get(provider)
  if (document === undefined) {
    document = JSON.parse(readFileSync(require.resolve(`@sorakit/${provider}/openapi.json`), 'utf8')) as Record<
      string,
      any
    >
    documents.set(provider, document)
  }
  return document
}

/** The named examples of a response or request body, by a JSON path of keys into the document. */
export function examplesAt(provider: string, ...keys: string[]): Record<string, any> {
  let node: any = openapiDocument(provider)
  for (const key of keys) node = node?.[key]
  if (node?.$ref !== undefined) node = resolveRef(provider, node.$ref)
  const examples = node?.content?.['application/json']?.examples
  if (examples === undefined) throw new Error(`no examples at ${keys.join(' / ')} in ${provider}`)
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]: [string, any]) => [name, structuredClone(example.value)]),
  )
}

export function resolveRef(provider: string, ref: string): any {
  let node: any = openapiDocument(provider)
  for (const key of ref.slice(2).split('/')) node = node[key]
  return node
}

export const kieRecordExamples = (provider: 'kie' | 'apikley' = 'kie') =>
  examplesAt(provider, 'paths', '/api/v1/jobs/recordInfo', 'get', 'responses', '200')
export const kieCreateExamples = (provider: 'kie' | 'apikley' = 'kie') =>
  examplesAt(provider, 'paths', '/api/v1/jobs/createTask', 'post', 'responses', '200')
export const vtrixTaskExamples = () =>
  examplesAt('vtrix', 'paths', '/model/v1/generation/task/{id}', 'get', 'responses', '200')

/** fal's queue examples of its first model: the submit, status and result answers, by name. */
export function falQueueExamples() {
  const [model] = Object.keys(openapiDocument('fal')['paths']).filter((path) => !path.includes('{'))
  const at = (path: string, method: string) => examplesAt('fal', 'paths', path, method, 'responses', '200')
  return {
    submit: at(model!, 'post'),
    status: at(`${model}/requests/{request_id}/status`, 'get'),
    result: at(`${model}/requests/{request_id}`, 'get'),
  }
}

/** kie's callback examples (completion): `success`, `fail`. */
export function kieCallbackExamples(): Record<string, any> {
  const callback =
    openapiDocument('kie').paths['/api/v1/jobs/createTask'].post.callbacks.taskCompleted['{$request.body#/callBackUrl}']
      .post
  return Object.fromEntries(
    Object.entries(callback.requestBody.content['application/json'].examples).map(([name, example]: [string, any]) => [
      name,
      structuredClone(example.value),
    ]),
  )
}

/** Every `Envelope*` error example of kie.ai: `{ name, status, body }` (status = the body code). */
export function kieErrorExamples(provider: 'kie' | 'apikley' = 'kie'): Array<{ name: string; body: any }> {
  const responses = openapiDocument(provider).components.responses
  return Object.entries(responses)
    .filter(([name]) => name.startsWith('Envelope'))
    .flatMap(([, response]: [string, any]) =>
      Object.entries(response.content['application/json'].examples).map(([name, example]: [string, any]) => ({
        name,
        body: structuredClone(example.value),
      })),
    )
}

/** The upload answer (`components.responses.SuccessResponse`, a single `example`). */
export function uploadAnswerExample(provider: 'kie' | 'apikley' = 'kie'): any {
  return structuredClone(
    openapiDocument(provider).components.responses.SuccessResponse.content['application/json'].example,
  )
}
