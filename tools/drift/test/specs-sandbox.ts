import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fixturesDirectory } from './fixture-cases.js'

export const repositoryRoot = path.resolve(fixturesDirectory, '../../../..')

interface RawManifest {
  documents: Array<{ upstream?: { url: string; repairReference?: { url: string } } }>
  catalog?: { url: string; schemaUrl: string; apiKeyVariable: string }
}

/**
 * A copy of this repository's specs/ in a temporary folder whose upstream URLs point at `origin`:
 * each provider's upstream hosts (read from its documents and its catalog) move to
 * `<origin>/<provider>`, everywhere a manifest names them as an upstream (Apikley's repair
 * reference names kie.ai's page). Servers are left alone: only where documents are read from moves.
 */
export async function specsSandbox(
  origin: string,
  edit: (manifest: string) => string = (text) => text,
): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'drift-pull-'))
  await cp(path.join(repositoryRoot, 'specs'), path.join(root, 'specs'), { recursive: true })
  const manifests = (await readdir(path.join(root, 'specs'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ provider: entry.name, file: path.join(root, 'specs', entry.name, 'manifest.json') }))
  const hosts = new Map<string, string>()
  for (const { provider, file } of manifests) {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as RawManifest
    for (const url of upstreamUrls(manifest)) hosts.set(new URL(url).origin, provider)
  }
  const redirect = (url: string) => {
    const host = new URL(url).origin
    return hosts.has(host) ? `${origin}/${hosts.get(host)}${url.slice(host.length)}` : url
  }
  for (const { file } of manifests) {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as RawManifest
    for (const { upstream } of manifest.documents) {
      if (upstream === undefined) continue
      upstream.url = redirect(upstream.url)
      if (upstream.repairReference) upstream.repairReference.url = redirect(upstream.repairReference.url)
    }
    if (manifest.catalog) {
      manifest.catalog.url = redirect(manifest.catalog.url)
      // The template's braces are not a URL's: redirect the part before them.
      const [prefix, rest] = manifest.catalog.schemaUrl.split('{model}') as [string, string]
      manifest.catalog.schemaUrl = `${redirect(prefix)}{model}${rest}`
    }
    await writeFile(file, edit(JSON.stringify(manifest, null, 2) + '\n'))
  }
  return root
}

function upstreamUrls(manifest: RawManifest): string[] {
  // A repair reference names another provider's page: it does not tell whose host that is.
  const documents = manifest.documents.flatMap(({ upstream }) => (upstream ? [upstream.url] : []))
  return [...documents, ...(manifest.catalog ? [manifest.catalog.url] : [])]
}
