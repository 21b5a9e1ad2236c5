import { exportedSubpaths } from '@sorakit/package-policy'

/** Consumer code written the way a CommonJS service uses the packages. */

/**
 * A package's entry points as a consumer imports them: every `exports` subpath but `./package.json`,
 * patterns (`./models/*`) expanded over the package's files (package-relative paths).
 */
export function entrySpecifiers(
  manifest: { name: string; exports: Record<string, unknown> },
  files: readonly string[],
): { code: string[]; json: string[] } {
  const specifiers = exportedSubpaths(manifest.exports, files)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => manifest.name + subpath.slice(1))
  return {
    code: specifiers.filter((specifier) => !specifier.endsWith('.json')),
    json: specifiers.filter((specifier) => specifier.endsWith('.json')),
  }
}

/** Plain CommonJS: `require()` of every entry point; prints each one's export names (or the JSON document). */
export function requireEveryEntryScript(code: readonly string[], json: readonly string[]): string {
  return `'use strict'
const exported = {}
for (const specifier of ${JSON.stringify(code)}) exported[specifier] = Object.keys(require(specifier)).sort()
for (const specifier of ${JSON.stringify(json)}) exported[specifier] = require(specifier)
console.log(JSON.stringify(exported))
`
}

/** The same in TypeScript: fails to compile with `strict` when an entry point's types cannot be found. */
export function importEveryEntryModule(code: readonly string[]): string {
  const imports = code.map((specifier, index) => `import * as entry${index} from '${specifier}'`)
  // TypeScript's CommonJS interop helper adds a synthesized `default` to namespace imports.
  const names = code.map(
    (specifier, index) => `  '${specifier}': Object.keys(entry${index}).filter((name) => name !== 'default').sort(),`,
  )
  return `${imports.join('\n')}\n\nexport const exported: Record<string, string[]> = {\n${names.join('\n')}\n}\n`
}

/** A CommonJS service using the facade (no top-level await in CommonJS: an async main). */
export const facadeService = `import { createSora, SoraError, UnsupportedFeatureError, type SoraHandle } from '@sorakit/sora'
import { createSora as createKieSora } from '@sorakit/sora/kie'
import { verifyKieWebhook } from '@sorakit/sora/webhooks'
import { exported } from './every-entry'

async function main(): Promise<void> {
  const created: string[] = []
  const fetch = async (request: Request) => {
    created.push(request.url)
    const task = { id: 'task_1', status: 'pending', model: 'sora_2_pro_t2v', created_at: 1765184045 }
    return new Response(JSON.stringify(task), { headers: { 'content-type': 'application/json' } })
  }
  const handle: SoraHandle = await createSora({ provider: 'vtrix', apiKey: 'secret-key', fetch }).textToVideo({ prompt: 'A paper boat', durationSeconds: 8 })
  let refused = ''
  try {
    // @ts-expect-error 16 s is no duration of kie.ai's default model (Kling 3.0: 3 to 15): refused at compile time, and at run time for JavaScript callers
    await createKieSora({ apiKey: 'secret-key', fetch }).textToVideo({ prompt: 'A paper boat', durationSeconds: 16 })
  } catch (error) {
    refused = SoraError.isInstance(error) && error instanceof UnsupportedFeatureError ? error.message : 'wrong error'
  }
  console.log(JSON.stringify({ handle, created, refused, verifier: typeof verifyKieWebhook, exported }))
}

void main()
`
