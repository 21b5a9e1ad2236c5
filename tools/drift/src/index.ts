export {
  changeRules,
  ruleIds,
  requiredBump,
  bumpCovers,
  type Bump,
  type Classification,
  type RuleId,
} from './change-rules.js'
export { diffDocuments } from './contract-diff.js'
export type { ContractChange } from './contract-change.js'
export { diffBundledSets, providerDiff, renderDiffMarkdown, type DiffReport, type ProviderDiff } from './diff-report.js'
export { whitelabelReport, renderWhitelabelMarkdown, type WhitelabelReport } from './whitelabel-report.js'
export { checkUpstreams, type PullRow, type PullStatus, type PullOptions } from './upstream-pull.js'
export { writeChangedUpstreams, type WriteOptions } from './upstream-write.js'
export { fetchCatalogRoute, nextDelay, type CatalogFetchOptions, type ThrottleOptions } from './catalog-fetch.js'
export {
  declaredModels,
  parseListing,
  schemaRouteUrl,
  type DeclaredModel,
  type ListedModel,
} from './catalog-listing.js'
export { verifyChangesets, renderVerification, type ChangesetVerification } from './changeset-verify.js'
export { main as runDriftCli, exitCodes } from './drift-cli.js'
export { DriftError } from './drift-error.js'
