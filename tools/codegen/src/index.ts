export { CodegenError, CodegenErrors } from './codegen-error.js'
export { buildProviders, generateFiles, staleBundledDocuments, type ProviderBuild } from './codegen-run.js'
export { writeAtomically } from './output-files.js'
export type { GeneratedFile } from './package-files.js'
export { main as runCodegenCli, exitCodes, findRepositoryRoot, type CodegenOutput } from './codegen-cli.js'
export { applyOverlay, type AppliedAction, type OverlayDocument } from './overlay-apply.js'
export { upgradeToOpenApi31 } from './openapi-upgrade.js'
export {
  loadManifests,
  type ManifestDocument,
  type ModelRole,
  type ProviderCatalog,
  type ProviderManifest,
  type UpstreamRecord,
} from './provider-manifest.js'
export { mergeProvider, modelSchemaName, semanticallyEqual, type MergedProvider } from './provider-merge.js'
export { isDocumentationKeyword, withoutDocumentation } from './openapi-documentation.js'
export { describeModels, type ModelDescription, type ParameterSchema } from './model-parameters.js'
export {
  flattenYaml,
  openApiFromSchemaEndpoint,
  parseUpstreamYaml,
  repairFlattenedYaml,
  sha256Hex,
  vendoredJsonFromUpstream,
  vendoredJsonFromYaml,
} from './upstream-yaml.js'
export { fromPointer, resolvePointer, toPointer } from './json-pointer.js'
export { isJsonObject, jsonEqual, stringifyJson, type JsonObject, type JsonValue } from './json-value.js'
export { checkFidelity, type FidelityReport, type OverlayRemoval } from './provider-fidelity.js'
export { factKey, seedFacts, type SeedFact } from './seed-facts.js'
export { packageNaming } from './package-naming.js'
