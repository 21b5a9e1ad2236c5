import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { isJsonObject, parseUpstreamYaml, type JsonValue } from '@sorakit/codegen'
import { DriftError } from './drift-error.js'
import { fileAtRef, filesAtRef } from './git-repository.js'

/** A provider package's bundled document (`packages/<id>/openapi.json`) as parsed JSON. */
export interface BundledDocument {
  provider: string
  /** The npm name from the package's package.json (`@sorakit/<id>` when it has none). */
  packageName: string
  file: string
  document: JsonValue
}

const bundledFile = /^packages\/([^/]+)\/openapi\.json$/

/** The bundled documents in the working tree, by provider id. */
export async function bundledDocumentsInTree(repositoryRoot: string): Promise<Map<string, BundledDocument>> {
  const documents = new Map<string, BundledDocument>()
  const entries = await readdir(path.join(repositoryRoot, 'packages'), { withFileTypes: true }).catch(() => [])
  for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = `packages/${entry.name}/openapi.json`
    const text = await readFile(path.join(repositoryRoot, file), 'utf8').catch(() => undefined)
    if (text === undefined) continue
    const packageText = await readFile(path.join(repositoryRoot, `packages/${entry.name}/package.json`), 'utf8').catch(
      () => undefined,
    )
    documents.set(entry.name, {
      provider: entry.name,
      packageName: packageNameOf(packageText, entry.name),
      file,
      document: parseDocument(text, file),
    })
  }
  return documents
}

/** The bundled documents committed at `ref`, by provider id. */
export async function bundledDocumentsAtRef(
  repositoryRoot: string,
  ref: string,
): Promise<Map<string, BundledDocument>> {
  const documents = new Map<string, BundledDocument>()
  for (const file of await filesAtRef(repositoryRoot, ref, 'packages')) {
    const provider = bundledFile.exec(file)?.[1]
    if (provider === undefined) continue
    const text = (await fileAtRef(repositoryRoot, ref, file)) ?? ''
    const packageText = await fileAtRef(repositoryRoot, ref, `packages/${provider}/package.json`)
    documents.set(provider, {
      provider,
      packageName: packageNameOf(packageText, provider),
      file: `${ref}:${file}`,
      document: parseDocument(text, `${ref}:${file}`),
    })
  }
  return documents
}

/**
 * An OpenAPI document given on the command line: JSON when the name ends in `.json`, else YAML
 * (what providers publish; the codegen's YAML reading, which names line and column of an error).
 */
export async function readDocumentFile(file: string): Promise<JsonValue> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new DriftError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  if (/\.json$/i.test(file)) return parseDocument(text, file)
  return checkedDocument(parseUpstreamYaml(text, file), file)
}

export function isBundledDocumentPath(file: string): boolean {
  return bundledFile.test(file)
}

function parseDocument(text: string, file: string): JsonValue {
  let document: JsonValue
  try {
    document = JSON.parse(text) as JsonValue
  } catch (error) {
    throw new DriftError(
      `${file}: not valid JSON (${(error as Error).message}); pass an OpenAPI document in JSON (.json) or YAML (.yaml, .yml)`,
    )
  }
  return checkedDocument(document, file)
}

function checkedDocument(document: JsonValue, file: string): JsonValue {
  if (!isJsonObject(document) || typeof document.openapi !== 'string') {
    throw new DriftError(`${file}: not an OpenAPI document (no "openapi" version field)`)
  }
  return document
}

function packageNameOf(packageText: string | undefined, provider: string): string {
  try {
    const name = (JSON.parse(packageText ?? '{}') as { name?: unknown }).name
    return typeof name === 'string' ? name : `@sorakit/${provider}`
  } catch {
    return `@sorakit/${provider}`
  }
}
