import openapiTS, { astToString } from 'openapi-typescript'
import { tsHeader } from './package-naming.js'
import type { MergedProvider } from './provider-merge.js'

/**
 * Types of the bundled document through openapi-typescript's Node API. `defaultNonNullable` is off:
 * a request field with a server-side default (aspect_ratio, n_frames…) stays optional.
 */
export async function typesModule(merged: MergedProvider): Promise<string> {
  const ast = await openapiTS(structuredClone(merged.document) as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false, silent: true })
  return tsHeader(merged.manifest) + '\n' + astToString(ast)
}
