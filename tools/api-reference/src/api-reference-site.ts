import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadManifests, packageNaming, type ProviderManifest } from '@sorakit/codegen'
import { escapeHtml, renderApiReferencePage, type ReferenceDocument } from './api-reference-page.js'
import { scalarBundle, scalarBundleFileName } from './api-reference-scalar.js'

/** The checkout this package sits in (tools/api-reference/src or dist → root). */
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))

/** Where `pnpm docs:reference` writes the site by default (ignored by git). */
export const defaultSiteDirectory = path.join(repositoryRoot, 'tools', 'api-reference', 'site')

/** One provider's page of the site. */
export interface ProviderPage {
  providerId: string
  displayName: string
  /** File name inside the site folder, e.g. `kie.html`. */
  fileName: string
  /** Where the provider's mock serves the same reference by default, e.g. `http://127.0.0.1:4010/docs`. */
  mockDocsUrl: string
  html: string
}

export interface ApiReferenceSite {
  pages: ProviderPage[]
  index: string
  /** Scalar's bundle, shared by every page. */
  script: Buffer
}

/**
 * Renders every provider in specs/ (codegen's manifests: a new provider folder is a new page) from its
 * bundled document, `packages/<id>/openapi.json`, in memory.
 */
export async function renderApiReferenceSite(root: string = repositoryRoot): Promise<ApiReferenceSite> {
  const manifests = await loadManifests(root)
  const pages = await Promise.all(manifests.map((manifest) => renderProviderPage(root, manifest)))
  return { pages, index: renderIndex(pages), script: scalarBundle() }
}

async function renderProviderPage(root: string, manifest: ProviderManifest): Promise<ProviderPage> {
  const documentPath = path.join(root, packageNaming(manifest).directory, 'openapi.json')
  const document = JSON.parse(await readFile(documentPath, 'utf8')) as ReferenceDocument
  return {
    providerId: manifest.id,
    displayName: manifest.displayName,
    fileName: `${manifest.id}.html`,
    mockDocsUrl: `http://127.0.0.1:${manifest.mockPorts['api']}/docs`,
    html: renderApiReferencePage({ document, scriptUrl: `./${scalarBundleFileName}` }),
  }
}

function renderIndex(pages: readonly ProviderPage[]): string {
  const items = pages.map(
    (page) =>
      `<li><a href="./${page.fileName}">${escapeHtml(page.displayName)}</a> · served by its mock at <code>${escapeHtml(page.mockDocsUrl)}</code> (<code>pnpm mock</code>)</li>`,
  )
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>sorakit API reference</title><link rel="icon" href="data:,">',
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}code{font-size:.9em}</style></head>',
    '<body>',
    '<h1>sorakit API reference</h1>',
    '<p>Every provider as its bundled OpenAPI document (<code>packages/&lt;provider&gt;/openapi.json</code>) describes it, rendered with Scalar. Works offline. Never put a provider API key in browser code.</p>',
    `<ul>\n${items.join('\n')}\n</ul>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/**
 * Writes the site to `directory`: `index.html`, one `<provider>.html` per provider and the Scalar bundle.
 * Built in a sibling temporary folder and swapped in at the end, so a failure leaves the previous site.
 */
export async function writeApiReferenceSite(
  site: ApiReferenceSite,
  directory: string = defaultSiteDirectory,
): Promise<void> {
  const target = path.resolve(directory)
  const staging = `${target}.staging-${randomBytes(4).toString('hex')}`
  try {
    await mkdir(staging, { recursive: true })
    await writeFile(path.join(staging, 'index.html'), site.index)
    await writeFile(path.join(staging, scalarBundleFileName), site.script)
    for (const page of site.pages) await writeFile(path.join(staging, page.fileName), page.html)
    await rm(target, { recursive: true, force: true })
    await rename(staging, target)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
