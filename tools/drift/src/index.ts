export { changeRules, ruleIds, requiredBump, bumpCovers, type Bump, type Classification, type RuleId } from './change-rules.js'
export { diffDocuments } from './contract-diff.js'
export type { ContractChange } from './contract-change.js'
