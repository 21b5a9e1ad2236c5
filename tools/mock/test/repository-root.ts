import { fileURLToPath } from 'node:url'

/** The checkout this package sits in (tools/mock/test → root). */
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))
