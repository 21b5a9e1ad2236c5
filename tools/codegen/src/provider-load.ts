import path from 'node:path'
import { CodegenError } from './codegen-error.js'
import { readJsonFile } from './json-file.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js'
import { upgradeToOpenApi31 } from './openapi-upgrade.js'
import { applyOverlay, type AppliedAction, type OverlayDocument } from './overlay-apply.js'
import { specsDirectory, type ManifestDocument, type ProviderManifest } from './provider-manifest.js'
import type { LoadedDocument } from './provider-merge.js'
import { checkAgainstSchema } from './schema-check.js'

/** One document at each stage, kept so checks can compare what overlays changed. */
export interface DocumentStages {
  entry: ManifestDocument
  raw: JsonObject
  /** After the overlays, still in the document's own OpenAPI version. */
  overlaid: JsonObject
  applied: AppliedAction[]
  loaded: LoadedDocument
}

/** Reads files once per run: overlays and reused documents are shared between providers. */
export class SpecReader {
  private readonly files = new Map<string, Promise<JsonValue>>()

  constructor(readonly repositoryRoot: string) {}

  read(file: string): Promise<JsonValue> {
    let pending = this.files.get(file)
    if (pending === undefined) {
      pending = readJsonFile(path.join(this.repositoryRoot, file), file)
      this.files.set(file, pending)
    }
    return pending
  }
}

export async function loadProviderDocuments(reader: SpecReader, manifest: ProviderManifest): Promise<DocumentStages[]> {
  const overlaySchema = await reader.read(`${specsDirectory}/overlay.schema.json`)
  return Promise.all(manifest.documents.map((entry) => loadDocument(reader, entry, overlaySchema)))
}

async function loadDocument(
  reader: SpecReader,
  entry: ManifestDocument,
  overlaySchema: JsonValue,
): Promise<DocumentStages> {
  const raw = await reader.read(entry.file)
  if (!isJsonObject(raw))
    throw new CodegenError({ file: entry.file, pointer: '', message: 'an OpenAPI document must be a JSON object' })
  let overlaid: JsonValue = raw
  const applied: AppliedAction[] = []
  for (const overlayFile of entry.overlays) {
    const overlay = await reader.read(overlayFile)
    checkAgainstSchema(overlaySchema, overlay, overlayFile)
    const result = applyOverlay(overlaid, overlay as unknown as OverlayDocument, overlayFile, entry.file)
    overlaid = result.document
    applied.push(...result.applied)
  }
  const upgraded = upgradeToOpenApi31(overlaid, entry.file) as JsonObject
  return { entry, raw, overlaid: overlaid as JsonObject, applied, loaded: { entry, document: upgraded } }
}
