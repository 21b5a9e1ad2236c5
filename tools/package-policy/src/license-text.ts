import { readFile } from 'node:fs/promises'
import { licenseFileName } from './package-policy.js'

/**
 * The license text every tarball carries: the repository's LICENSE, found from this package's own
 * place (tools/package-policy, from src/ or dist/), so tools running on a scratch copy of specs/
 * (codegen's tests, drift's --write) need no copy of it.
 */
export function readLicenseText(): Promise<string> {
  return readFile(new URL(`../../../${licenseFileName}`, import.meta.url), 'utf8')
}
