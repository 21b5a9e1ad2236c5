import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ManifestDocument, ProviderCatalog, ProviderManifest } from '@sorakit/codegen'
import { DriftError } from './drift-error.js'

/** One model of a provider's list (kie.ai: `data.models[]` of `GET /api/v1/models`). */
export interface ListedModel {
  model: string
  title?: string
  /** Who makes the model (kie.ai's `provider`: Google, ByteDance…), not the reseller. */
  maker?: string
  taskTypes: string[]
}

export type Listing = { ok: true; models: ListedModel[]; total: number } | { ok: false; reason: string }

/**
 * Reads the list route's answer `{ code: 200, msg, data: { total, models: [{ model, title, provider,
 * taskType[] }] } }`. A list shorter than its `total` is refused: a paginated answer would make
 * every model past the first page look gone.
 */
export function parseListing(text: string): Listing {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    return { ok: false, reason: `the model list is not JSON: ${(error as Error).message}` }
  }
  const envelope = body as { code?: unknown; msg?: unknown; data?: { total?: unknown; models?: unknown } | null } | null
  if (envelope?.code !== 200)
    return {
      ok: false,
      reason: `the model list answered code ${String(envelope?.code)} (${String(envelope?.msg)}), not 200`,
    }
  const models = envelope.data?.models
  if (!Array.isArray(models)) return { ok: false, reason: 'the model list has no data.models array' }
  const listed: ListedModel[] = []
  for (const [index, entry] of models.entries()) {
    const item = entry as { model?: unknown; title?: unknown; provider?: unknown; taskType?: unknown } | null
    if (typeof item?.model !== 'string' || item.model === '')
      return { ok: false, reason: `data.models[${index}] has no model id` }
    listed.push({
      model: item.model,
      ...(typeof item.title === 'string' ? { title: item.title } : {}),
      ...(typeof item.provider === 'string' ? { maker: item.provider } : {}),
      taskTypes: Array.isArray(item.taskType)
        ? item.taskType.filter((type): type is string => typeof type === 'string')
        : [],
    })
  }
  const total = typeof envelope.data?.total === 'number' ? envelope.data.total : listed.length
  if (total > listed.length)
    return {
      ok: false,
      reason: `the model list carries ${listed.length} of its total ${total} models (paginated?): models past it cannot be told from gone ones`,
    }
  return { ok: true, models: listed, total }
}

/** The route of one model's document: `{model}` replaced by the id as it is (kie.ai does not encode the slash). */
export function schemaRouteUrl(catalog: Pick<ProviderCatalog, 'schemaUrl'>, model: string): string {
  return catalog.schemaUrl.replace('{model}', model)
}

/** A model a manifest declares: a document with a `model` role, its id read from the document. */
export interface DeclaredModel {
  model: string
  document: ManifestDocument
}

/**
 * The model ids a provider's documents declare, read like the codegen's merge reads them: the path a modelIn `path`
 * document submits on, else the discriminator property of the model operation's JSON request body, its one `enum` value or else
 * its `default` (kie's veo-3-1 document has only a default). The vendored copy is read before
 * overlays: the list compared with it is the provider's too.
 */
export async function declaredModels(repositoryRoot: string, manifest: ProviderManifest): Promise<DeclaredModel[]> {
  const documents = manifest.documents.filter((document) => document.model !== undefined)
  return Promise.all(
    documents.map(async (document) => ({ model: await modelIdOf(repositoryRoot, manifest, document), document })),
  )
}

async function modelIdOf(
  repositoryRoot: string,
  manifest: ProviderManifest,
  document: ManifestDocument,
): Promise<string> {
  const { method, path: operationPath, discriminator, modelIn } = manifest.modelOperation
  const parsed = JSON.parse(await readFile(path.join(repositoryRoot, document.file), 'utf8')) as {
    paths?: Record<string, Record<string, unknown>>
  }
  // modelIn 'path' (fal.ai): the model is the path the document submits on, as the codegen's merge reads it.
  if (modelIn === 'path') {
    const submitted = Object.entries(parsed.paths ?? {}).filter(
      ([candidate, item]) => !candidate.includes('{') && item[method] !== undefined,
    )
    if (submitted.length !== 1)
      throw new DriftError(
        `${document.file}: a model document of a modelIn 'path' provider submits one model (a ${method.toUpperCase()} on a path without parameters); found ${submitted.length} (${manifest.manifestPath}${document.manifestPointer})`,
      )
    return submitted[0]![0].slice(1)
  }
  const operation = parsed.paths?.[operationPath]?.[method] as
    | {
        requestBody?: {
          content?: Record<string, { schema?: { properties?: Record<string, { enum?: unknown; default?: unknown }> } }>
        }
      }
    | undefined
  const property = operation?.requestBody?.content?.['application/json']?.schema?.properties?.[discriminator]
  const pinned = Array.isArray(property?.enum) && property.enum.length === 1 ? property.enum[0] : property?.default
  if (typeof pinned !== 'string') {
    throw new DriftError(
      `${document.file}: a document with a model role must name its model in ${method.toUpperCase()} ${operationPath} requestBody (application/json) properties.${discriminator}: one enum value or a default (${manifest.manifestPath}${document.manifestPointer})`,
    )
  }
  return pinned
}
