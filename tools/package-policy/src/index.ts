export {
  entryPointFields,
  licenseFileName,
  packageLicense,
  publicPackageMetadata,
  repositoryUrl,
  supportedNodeRange,
  workspaceOnlyFields,
} from './package-policy.js'
export { readLicenseText } from './license-text.js'
export { exportedSubpaths, packagingProblems, type PackedPackage } from './packaging-problems.js'
export { publishedManifest } from './published-manifest.js'
