/**
 * What every public `@sorakit/*` package promises its consumers, declared once. Codegen writes
 * these fields into the generated provider packages; hand-written public packages declare the same
 * and the packaging test (tools/consumer-tests) checks every public workspace package, found by
 * scanning the workspace, against them with `packagingProblems`.
 */

/**
 * The Node versions the packages run on: the ones where `require()` of an ES module works
 * unflagged (20.19+, 22.12+), which CommonJS consumers rely on (see `entryPointFields`).
 */
export const supportedNodeRange = '^20.19.0 || >=22.12.0'

export const packageLicense = 'MIT'

/** The repository every public package links to for its source, home page and issues. */
export const repositoryUrl = 'https://github.com/sorakit/sorakit'

/** The root file every tarball carries a byte-identical copy of, as `LICENSE`. */
export const licenseFileName = 'LICENSE'

/**
 * The fields that only make sense inside this workspace; `publishedManifest` removes them at pack
 * time (scripts run workspace tools, devDependencies name private workspace packages, `//` is
 * codegen's "do not edit" notice).
 */
export const workspaceOnlyFields = ['//', 'scripts', 'devDependencies'] as const

/** Metadata fields of a public package living in `directory` (repository-relative, e.g. `packages/sora`). */
export function publicPackageMetadata(directory: string) {
  return {
    license: packageLicense,
    homepage: `${repositoryUrl}/tree/main/${directory}#readme`,
    repository: { type: 'git', url: `git+${repositoryUrl}.git`, directory },
    bugs: { url: `${repositoryUrl}/issues` },
    engines: { node: supportedNodeRange },
  }
}

/**
 * `exports`, `types` and `typesVersions` for a package's entry points, each given as
 * subpath -> module name in `dist/` (e.g. `{ '.': 'index', './kie': 'kie' }`).
 *
 * One ES module build serves both `import` and `require()`: the `default` condition points at it,
 * and Node 20.19+ / 22.12+ load an ES module without top-level await through `require()`. This
 * keeps one copy of each module (no dual-package hazard: one error class identity, one module
 * state) at a measured `require()` cost close to a CommonJS build (tools/consumer-tests README).
 * `typesVersions` gives TypeScript's `node10` resolution, which ignores `exports`, the subpaths.
 */
export function entryPointFields(
  entries: Readonly<Record<string, string>>,
  extraExports: Readonly<Record<string, string>> = {},
) {
  const exports: Record<string, string | { types: string; default: string }> = {}
  const typesVersionPaths: Record<string, string[]> = {}
  for (const [subpath, module] of Object.entries(entries)) {
    exports[subpath] = { types: `./dist/${module}.d.ts`, default: `./dist/${module}.js` }
    if (subpath !== '.') typesVersionPaths[subpath.replace(/^\.\//, '')] = [`./dist/${module}.d.ts`]
  }
  Object.assign(exports, extraExports, { './package.json': './package.json' })
  const root = entries['.']
  return {
    ...(root === undefined ? {} : { main: `./dist/${root}.js`, types: `./dist/${root}.d.ts` }),
    exports,
    ...(Object.keys(typesVersionPaths).length === 0 ? {} : { typesVersions: { '*': typesVersionPaths } }),
  }
}
