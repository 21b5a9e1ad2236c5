import { licenseFileName, publicPackageMetadata, workspaceOnlyFields } from './package-policy.js'

/** A public package as its consumers get it: the manifest and file list of its packed tarball. */
export interface PackedPackage {
  /** Repository-relative directory, e.g. `packages/sora`. */
  directory: string
  /** package.json as found in the tarball (after pnpm's rewrites and the pack hook). */
  manifest: Record<string, unknown>
  /** Paths inside the tarball, without the leading `package/`. */
  files: readonly string[]
  /** Text of `LICENSE` in the tarball, if any. */
  licenseText: string | undefined
}

/**
 * Dependencies published at one exact version instead of a caret range, each with its reason. Prism's newer
 * releases require Node 24 and one pulls a telemetry package with an install script, while @sorakit/mock
 * supports Node 20.19+ (packages/mock/README.md, "How it works").
 */
const pinnedExactly: ReadonlySet<string> = new Set([
  '@stoplight/prism-core',
  '@stoplight/prism-http',
  '@stoplight/prism-http-server',
])

/**
 * Every way `packed` breaks the packaging policy, each message naming the field and the fix;
 * empty when it complies. `rootLicense` is the text of the repository's LICENSE.
 */
export function packagingProblems(packed: PackedPackage, rootLicense: string): string[] {
  const { manifest, directory } = packed
  const name = String(manifest['name'])
  const problems: string[] = []
  const problem = (text: string) => problems.push(`${name} (${directory}): ${text}`)

  const expectedMetadata = publicPackageMetadata(directory)
  for (const [field, expected] of Object.entries(expectedMetadata)) {
    if (JSON.stringify(manifest[field]) !== JSON.stringify(expected))
      problem(
        `"${field}" must be ${JSON.stringify(expected)} (publicPackageMetadata in tools/package-policy), found ${JSON.stringify(manifest[field])}`,
      )
  }
  if (packed.licenseText === undefined)
    problem(`the tarball has no ${licenseFileName}: copy the repository's ${licenseFileName} into ${directory}/`)
  else if (packed.licenseText !== rootLicense)
    problem(`${licenseFileName} differs from the repository's ${licenseFileName}: copy it again`)
  if (manifest['type'] !== 'module') problem('"type" must be "module": the packages ship one ES module build')

  problems.push(...entryPointProblems(manifest, packed.files).map((text) => `${name} (${directory}): ${text}`))
  for (const file of packed.files.filter(isDevelopmentScript))
    problem(
      `${file} is published: benches and repository scripts stay out of the tarball (a "!dist/<name>.*" entry in "files")`,
    )

  const dependencies = (manifest['dependencies'] ?? {}) as Record<string, string>
  for (const [dependency, range] of Object.entries(dependencies)) {
    if (pinnedExactly.has(dependency) && /^\d+\.\d+\.\d+$/.test(range)) continue
    if (!/^\^\d+\.\d+\.\d+/.test(range))
      problem(
        `dependency ${dependency} is published as "${range}": use a caret range (a catalog entry "^x.y.z", "workspace:^") so apps that also use it get one copy`,
      )
  }
  for (const field of workspaceOnlyFields)
    if (field in manifest)
      problem(`"${field}" is published: it only makes sense in the workspace (is the root .pnpmfile.cjs loaded?)`)
  const protocol = JSON.stringify(manifest).match(/"(workspace|catalog|link|file):[^"]*"/)
  if (protocol) problem(`the published manifest still contains ${protocol[0]}`)
  return problems
}

/** A bench or a repository-maintenance script compiled next to the library (`mock-bench.js`, `readme-cli.js`). */
function isDevelopmentScript(file: string): boolean {
  return /(^|\/)(bench|scripts)\/|(^|\/|-)bench\.|(^|\/)readme-cli\./.test(file)
}

/**
 * `exports` conditions must be exactly `types` then `default` (see `entryPointFields`), point at
 * files in the tarball, and every code subpath must have a `typesVersions` entry for node10.
 */
function entryPointProblems(manifest: Record<string, unknown>, files: readonly string[]): string[] {
  const problems: string[] = []
  const exports = manifest['exports'] as Record<string, unknown> | undefined
  if (exports === undefined || typeof exports !== 'object')
    return ['"exports" is missing: declare the entry points with entryPointFields from tools/package-policy']
  const shipped = new Set(files.map((file) => `./${file}`))
  const typesVersions = (manifest['typesVersions'] as Record<string, Record<string, string[]>> | undefined)?.['*'] ?? {}
  if (exports['./package.json'] !== './package.json') problems.push('"exports" must offer "./package.json"')
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target === 'string') {
      if (!shipped.has(target)) problems.push(`exports["${subpath}"] points at ${target}, which is not in the tarball`)
      continue
    }
    const conditions = target as Record<string, string>
    if (JSON.stringify(Object.keys(conditions)) !== '["types","default"]') {
      problems.push(
        `exports["${subpath}"] has conditions ${JSON.stringify(Object.keys(conditions))}: use exactly "types" then "default" (one ES module build that require() loads too)`,
      )
      continue
    }
    if (subpath.includes('*')) problems.push(...subpathPatternProblems(subpath, conditions, files))
    else
      for (const file of Object.values(conditions))
        if (!shipped.has(file)) problems.push(`exports["${subpath}"] points at ${file}, which is not in the tarball`)
    if (subpath === '.') {
      if (manifest['types'] !== conditions['types'])
        problems.push(`"types" must be ${conditions['types']} (node10 resolution reads it)`)
    } else if (JSON.stringify(typesVersions[subpath.replace(/^\.\//, '')]) !== JSON.stringify([conditions['types']])) {
      problems.push(
        `typesVersions["*"]["${subpath.replace(/^\.\//, '')}"] must be ["${conditions['types']}"]: node10 resolution ignores "exports"`,
      )
    }
  }
  return problems
}

// A pattern (`./models/*`) must reach some shipped module, and each of them must ship its types.
function subpathPatternProblems(
  subpath: string,
  conditions: Record<string, string>,
  files: readonly string[],
): string[] {
  const modules = patternMatches(conditions['default']!, files)
  if (modules.size === 0)
    return [`exports["${subpath}"] points at ${conditions['default']}, which matches nothing in the tarball`]
  const types = patternMatches(conditions['types']!, files)
  return [...modules]
    .filter((name) => !types.has(name))
    .map(
      (name) =>
        `exports["${subpath}"] reaches ${conditions['default']!.replace('*', name)} without its types (${conditions['types']!.replace('*', name)})`,
    )
}

/** What `*` stands for in each shipped file a pattern target (`./dist/models/*.gen.js`) matches. */
function patternMatches(target: string, files: readonly string[]): Set<string> {
  const [prefix, suffix] = target.replace(/^\.\//, '').split('*') as [string, string]
  return new Set(
    files
      .filter((file) => file.startsWith(prefix) && file.endsWith(suffix) && file.length > prefix.length + suffix.length)
      .map((file) => file.slice(prefix.length, file.length - suffix.length)),
  )
}

/**
 * Every subpath a consumer can import, patterns (`./models/*`) expanded over the package's files:
 * `./models/kling-3.0-video` for `dist/models/kling-3.0-video.gen.js`. `files` are package-relative.
 */
export function exportedSubpaths(exports: Readonly<Record<string, unknown>>, files: readonly string[]): string[] {
  return Object.entries(exports).flatMap(([subpath, target]) => {
    if (!subpath.includes('*')) return [subpath]
    const module = typeof target === 'string' ? target : (target as Record<string, string>)['default']!
    return [...patternMatches(module, files)].sort().map((name) => subpath.replace('*', name))
  })
}
