import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { entryPointFields } from '@sorakit/package-policy'
import { CodegenError } from './codegen-error.js'
import { stringifyJson } from './json-value.js'
import { packageNaming, tsHeader } from './package-naming.js'
import type { GeneratedFile } from './package-files.js'
import type { ProviderManifest } from './provider-manifest.js'

/**
 * The facade package, `@sorakit/sora`, whose per-provider entries (`@sorakit/sora/<id>`) codegen writes: one module
 * per provider in `src/providers/<id>.gen.ts`, and the provider entries and dependencies of its package.json. Its own entries
 * (the root, `webhooks`, `polling`...) and every other field stay as written there.
 */
const facadeNaming = {
  directory: 'packages/sora',
  entriesFolder: 'providers',
} as const

/**
 * The facade module of an API family (`packages/sora/src/<family>-family-adapter.ts`) and the `FamilyDefinition` it
 * exports (`<family>Family`): the one place this rule lives; a new family's module follows it.
 */
function familyAdapterNaming(family: string) {
  return { module: `${family}-family-adapter`, constant: `${family}Family` }
}

/**
 * Every generated file of the facade package: its provider entry modules and its package.json. None for a tree
 * without the facade package (a scratch copy of specs/ and the provider packages), which has no entries to keep.
 */
export async function facadeEntryFiles(
  repositoryRoot: string,
  manifests: readonly ProviderManifest[],
): Promise<GeneratedFile[]> {
  const sorted = [...manifests].sort((left, right) => left.id.localeCompare(right.id))
  if (!existsSync(path.join(repositoryRoot, facadeNaming.directory, 'package.json'))) return []
  return [
    ...sorted.map((manifest) => ({
      path: `${facadeNaming.directory}/src/${facadeNaming.entriesFolder}/${manifest.id}.gen.ts`,
      content: providerEntryModule(manifest),
    })),
    { path: `${facadeNaming.directory}/package.json`, content: await facadePackageJson(repositoryRoot, sorted) },
  ]
}

async function facadePackageJson(repositoryRoot: string, manifests: readonly ProviderManifest[]): Promise<string> {
  const file = `${facadeNaming.directory}/package.json`
  const current = JSON.parse(await readFile(path.join(repositoryRoot, file), 'utf8')) as Record<string, unknown>
  const exports = (current['exports'] ?? {}) as Record<string, unknown>
  const ownEntries = ownEntryModules(exports)
  if (ownEntries['.'] === undefined)
    throw new CodegenError({ file, pointer: '/exports', message: 'the facade package needs its root entry "."' })
  const providerEntries = Object.fromEntries(
    manifests.map((manifest) => [`./${manifest.id}`, `${facadeNaming.entriesFolder}/${manifest.id}.gen`]),
  )
  const { '.': root, ...others } = ownEntries
  for (const subpath of Object.keys(providerEntries)) delete others[subpath]
  const fields = entryPointFields({ '.': root, ...providerEntries, ...others })
  const providerPackages = new Set<string>(manifests.map((manifest) => packageNaming(manifest).packageName))
  const dependencies = Object.fromEntries(
    Object.entries({
      ...(current['dependencies'] as Record<string, string>),
      ...Object.fromEntries([...providerPackages].map((name) => [name, 'workspace:^'])),
    })
      // A provider package no spec generates any more is no dependency of its entries.
      .filter(([name]) => providerPackages.has(name) || !isGeneratedProviderPackage(name, current))
      .sort(([left], [right]) => left.localeCompare(right)),
  )
  return stringifyJson({ ...current, ...fields, dependencies })
}

/** The package's own entries (subpath → module in `dist/`): every `dist/` module but a provider entry (recomputed). */
function ownEntryModules(exports: Record<string, unknown>): Record<string, string> {
  const generatedTarget = `./dist/${facadeNaming.entriesFolder}/`
  return Object.fromEntries(
    Object.entries(exports).flatMap(([subpath, target]) => {
      const module = typeof target === 'object' && target !== null ? (target as { default?: unknown }).default : target
      if (typeof module !== 'string' || !module.startsWith('./dist/') || module.startsWith(generatedTarget)) return []
      return [[subpath, module.slice('./dist/'.length).replace(/\.js$/, '')]]
    }),
  )
}

// A dependency on a provider package the facade's entries brought in: one whose entry module it had.
function isGeneratedProviderPackage(name: string, current: Record<string, unknown>): boolean {
  const exports = (current['exports'] ?? {}) as Record<string, unknown>
  return Object.keys(exports).some((subpath) => `@sorakit/${subpath.replace(/^\.\//, '')}` === name)
}

function providerEntryModule(manifest: ProviderManifest): string {
  const naming = packageNaming(manifest)
  const family = familyAdapterNaming(manifest.family)
  const { id, displayName } = manifest
  const sora = `${naming.pascal}Sora`
  const model = `${naming.pascal}Model`
  const modelsSora = `${naming.pascal}ModelsSora`
  return `${tsHeader(manifest)}import type { ModelDefinition } from '@sorakit/provider'
import { ${naming.clientFactory}, ${naming.providerConstant}, ${naming.providerApiConstant} } from '${naming.packageName}'
import { ${family.constant} } from '../${family.module}.js'
import { defineProvider } from '../sora-adapter.js'
import { createSoraFacade, type Sora } from '../sora-facade.js'
import {
  definitionWithModels,
  splitModelSelection,
  type ModelSelection,
  type TableWithModels,
} from '../sora-model-selection.js'
import type { SoraOptions } from '../sora-types.js'

export * from '../sora-exports.js'
export type { ModelSelection, TableWithModels } from '../sora-model-selection.js'

/** The facade for ${displayName}, typed by its generated table. */
export type ${sora} = Sora<typeof ${naming.providerConstant}>

/** A model module of \`${naming.packageName}/models/*\`. */
export type ${model} = ModelDefinition & { readonly provider: '${id}' }

/** The facade for the given ${displayName} models only, typed by them. */
export type ${modelsSora}<Models extends readonly ${model}[]> = Sora<TableWithModels<typeof ${naming.providerApiConstant}, Models>>

const definition = /* @__PURE__ */ defineProvider(${family.constant}, {
  table: ${naming.providerConstant},
  createClient: ${naming.clientFactory},
})

/**
 * The facade bound to ${displayName}, over every model of its table: loads no other provider's code, but carries every
 * model's data. \`provider\` may be given for symmetry with the root entry.
 */
export function createSora(options: SoraOptions & { provider?: '${id}' }): ${sora} {
  return createSoraFacade(definition, options)
}

/**
 * The facade bound to ${displayName}, over the models the app passes and no others (model modules of
 * \`${naming.packageName}/models/*\`), so a bundle carries only their data however many models the provider sells. Same
 * calls, errors and capabilities as \`createSora\`, restricted to those models.
 */
export function createSoraWithModels<const Models extends readonly ${model}[]>(
  options: SoraOptions & ModelSelection<Models> & { provider?: '${id}' },
): ${modelsSora}<Models> {
  const { models, facadeOptions } = splitModelSelection(options)
  // TypeScript cannot check the facade's methods against a table of models not yet known (generic \`Models\`); the
  // table built at run time holds exactly them.
  return createSoraFacade(
    definitionWithModels(${family.constant}, ${naming.providerApiConstant}, ${naming.clientFactory}, models),
    facadeOptions,
  ) as unknown as ${modelsSora}<Models>
}
`
}
