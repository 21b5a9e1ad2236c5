export {
  defaultSiteDirectory,
  renderApiReferenceSite,
  writeApiReferenceSite,
  type ApiReferenceSite,
  type ProviderPage,
} from './api-reference-site.js'
export { pageWeights, pageWeightTable, type PageWeight } from './api-reference-weight.js'
