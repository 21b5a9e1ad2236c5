import { entryPointFields, licenseFileName, publicPackageMetadata } from '@sorakit/package-policy'
import { stringifyJson, type JsonObject } from './json-value.js'
import { clientModule } from './package-client.js'
import { generatedNotice, modelsDirectory, packageNaming, tsHeader } from './package-naming.js'
import { providerTableModules } from './package-provider-table.js'
import { readme } from './package-readme.js'
import type { TypesGenerator } from './package-types.js'
import type { MergedProvider } from './provider-merge.js'

export interface GeneratedFile {
  /** Repository-relative path. */
  path: string
  content: string
}

/**
 * Every file of a provider package. The package has nothing else but its CHANGELOG, which
 * changesets owns, and its version, which changesets bumps and codegen carries over.
 */
export async function packageFiles(
  merged: MergedProvider,
  currentVersion: string | undefined,
  types: TypesGenerator,
  licenseText: string,
): Promise<GeneratedFile[]> {
  const naming = packageNaming(merged.manifest)
  const file = (relative: string, content: string): GeneratedFile => ({
    path: `${naming.directory}/${relative}`,
    content,
  })
  return [
    file('package.json', packageJson(merged, currentVersion ?? '0.0.0')),
    file('tsconfig.json', tsconfigJson(merged)),
    file('README.md', readme(merged)),
    file(licenseFileName, licenseText),
    bundledDocumentFile(merged),
    file('src/index.ts', indexModule(merged)),
    file(`src/${naming.typesModule}.ts`, await types.typesModule(merged)),
    file(`src/${naming.clientModule}.ts`, clientModule(merged)),
    ...providerTableModules(merged).map(({ module, content }) => file(`src/${module}.ts`, content)),
  ]
}

/** `packages/<id>/openapi.json`: the bundled document every later step (mocks, tests, docs) uses. */
export function bundledDocumentFile(merged: MergedProvider): GeneratedFile {
  return { path: `${packageNaming(merged.manifest).directory}/openapi.json`, content: stringifyJson(merged.document) }
}

function packageJson(merged: MergedProvider, version: string): string {
  const { manifest } = merged
  const naming = packageNaming(manifest)
  const document: JsonObject = {
    '//': `${generatedNotice(manifest)} The version is managed by changesets.`,
    name: naming.packageName,
    version,
    description: `Typed ${manifest.displayName} client for AI video generation, generated from the provider's OpenAPI documents`,
    keywords: ['video-generation', 'ai-video', 'openapi', manifest.id],
    ...publicPackageMetadata(naming.directory),
    type: 'module',
    sideEffects: false,
    // `./models/*`: one model's data (`@sorakit/kie/models/kling-3.0-video`), for apps that call a few models.
    ...entryPointFields(
      { '.': 'index', [`./${modelsDirectory}/*`]: `${modelsDirectory}/*.gen` },
      { './openapi.json': './openapi.json' },
    ),
    files: ['dist', 'openapi.json', 'README.md', licenseFileName],
    // No typecheck script: the build compiles exactly the files a typecheck would (src only).
    scripts: { build: 'tsc -p tsconfig.json' },
    dependencies: { '@sorakit/provider': 'workspace:^', 'openapi-fetch': 'catalog:' },
    devDependencies: { typescript: 'catalog:' },
  }
  return stringifyJson(document)
}

// No @types/node: the package must compile with browser globals only.
function tsconfigJson(merged: MergedProvider): string {
  return (
    `// ${generatedNotice(merged.manifest)}\n` +
    stringifyJson({
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', types: [] },
      include: ['src'],
    })
  )
}

function indexModule(merged: MergedProvider): string {
  const naming = packageNaming(merged.manifest)
  return `${tsHeader(merged.manifest)}export * from './${naming.clientModule}.js'
export * from './${naming.providerApiModule}.js'
export * from './${naming.providerModule}.js'
export type { components, operations, paths } from './${naming.typesModule}.js'
`
}
