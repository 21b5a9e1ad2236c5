import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { readLicenseText } from '@sorakit/package-policy'
import { CodegenError, CodegenErrors } from './codegen-error.js'
import { checkReferences, validateOpenApi } from './openapi-check.js'
import { checkFidelity } from './provider-fidelity.js'
import { bundledDocumentFile, packageFiles, type GeneratedFile } from './package-files.js'
import { TypesGenerator } from './package-types.js'
import { planOutput } from './output-files.js'
import { packageNaming } from './package-naming.js'
import { facadeEntryFiles } from './package-facade-entries.js'
import { registryFiles, registryNaming } from './package-registry.js'
import { loadProviderDocuments, SpecReader, type DocumentStages } from './provider-load.js'
import { loadManifests, type ProviderManifest } from './provider-manifest.js'
import { mergeProvider, type MergedProvider } from './provider-merge.js'

export interface ProviderBuild {
  manifest: ProviderManifest
  stages: DocumentStages[]
  merged: MergedProvider
}

/** Loads, corrects, merges and validates every provider; all providers' problems are reported together. */
export async function buildProviders(repositoryRoot: string): Promise<ProviderBuild[]> {
  const manifests = await loadManifests(repositoryRoot)
  const reader = new SpecReader(repositoryRoot)
  const results = await Promise.allSettled(manifests.map((manifest) => buildProvider(reader, manifest)))
  const problems = results.flatMap((result) => (result.status === 'rejected' ? flatten(result.reason) : []))
  if (problems.length > 0) throw problems.length === 1 ? problems[0]! : new CodegenErrors(problems)
  return results.map((result) => (result as PromiseFulfilledResult<ProviderBuild>).value)
}

async function buildProvider(reader: SpecReader, manifest: ProviderManifest): Promise<ProviderBuild> {
  const stages = await loadProviderDocuments(reader, manifest)
  const merged = mergeProvider(
    manifest,
    stages.map((stage) => stage.loaded),
  )
  checkReferences(merged)
  await validateOpenApi(merged)
  const fidelity = checkFidelity(manifest, stages, merged.document)
  if (fidelity.problems.length > 0) throw new CodegenErrors(fidelity.problems)
  return { manifest, stages, merged }
}

/** Every generated file of every provider package, computed in memory. */
export async function generateFiles(
  repositoryRoot: string,
): Promise<{ files: GeneratedFile[]; providers: ProviderBuild[] }> {
  // Started first: it loads openapi-typescript while the specs are read, merged and checked.
  const types = TypesGenerator.start()
  const providers = await buildProviders(repositoryRoot)
  // Every tarball carries the repository's license text (tools/package-policy).
  const licenseText = await readLicenseText()
  const perProvider = await Promise.all(
    providers.map(async (provider) =>
      packageFiles(provider.merged, await currentVersion(repositoryRoot, provider.manifest), types, licenseText),
    ),
  )
  const registry = registryFiles(
    providers.map((provider) => provider.manifest),
    await readVersion(repositoryRoot, registryNaming.directory),
    licenseText,
  )
  const facadeEntries = await facadeEntryFiles(
    repositoryRoot,
    providers.map((provider) => provider.manifest),
  )
  return { files: [...perProvider.flat(), ...registry, ...facadeEntries], providers }
}

/**
 * The bundled documents (`packages/<id>/openapi.json`) that differ from what specs/ makes of them.
 * Generates no types, so it takes a fraction of `--check`: for tools that only serve the documents.
 */
export async function staleBundledDocuments(repositoryRoot: string): Promise<string[]> {
  const providers = await buildProviders(repositoryRoot)
  const files = providers.map((provider) => bundledDocumentFile(provider.merged))
  return (await planOutput(repositoryRoot, files)).changed.map((file) => file.path)
}

// changesets bumps the version in package.json; regenerating must keep it.
async function currentVersion(repositoryRoot: string, manifest: ProviderManifest): Promise<string | undefined> {
  return readVersion(repositoryRoot, packageNaming(manifest).directory)
}

async function readVersion(repositoryRoot: string, directory: string): Promise<string | undefined> {
  try {
    const text = await readFile(path.join(repositoryRoot, directory, 'package.json'), 'utf8')
    const version = (JSON.parse(text) as { version?: unknown }).version
    return typeof version === 'string' ? version : undefined
  } catch {
    return undefined
  }
}

function flatten(reason: unknown): CodegenError[] {
  if (reason instanceof CodegenErrors) return [...reason.errors]
  if (reason instanceof CodegenError) return [reason]
  throw reason
}
