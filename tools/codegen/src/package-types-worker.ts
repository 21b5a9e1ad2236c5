import { createRequire } from 'node:module'
import { parentPort } from 'node:worker_threads'

// The CommonJS entry: loading TypeScript through `require` skips the ESM loader's lexing of its
// 9 MB CommonJS source for named exports, which roughly halves the load time.
const require = createRequire(import.meta.url)
const { default: openapiTS, astToString } = require('openapi-typescript') as typeof import('openapi-typescript')

/**
 * `defaultNonNullable` is off: a request field with a server-side default (aspect_ratio,
 * n_frames…) stays optional in the generated types.
 */
parentPort!.on('message', async ({ id, document }: { id: number; document: Parameters<typeof openapiTS>[0] }) => {
  try {
    const ast = await openapiTS(document, { defaultNonNullable: false, silent: true })
    parentPort!.postMessage({ id, text: astToString(ast) })
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
})
