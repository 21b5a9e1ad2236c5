// Prints the retry table (src/transport-retry-policy.ts) as the README's markdown
// (`pnpm --filter @sorakit/sora retry-table`). A test keeps the README equal to this output. Each error kind's row
// names what reads as it: HTTP statuses (src/error-kinds.ts) and each API family's own codes (its `errorCodes`).
import { httpStatusKinds } from '../dist/error-kinds.js'
import { apiFamilies } from '../dist/provider-families.js'
import { retryRules } from '../dist/transport-retry-policy.js'

const failureNames = {
  'connection-refused': 'connection refused',
  'connection-lost': 'connection lost',
  timeout: 'attempt timed out',
  aborted: 'aborted by the caller',
}
const otherStatuses = { 'invalid-request': 'any other 4xx', 'server-error': 'any other 5xx' }

function codesOf(table, kind) {
  return Object.keys(table).filter((code) => table[code] === kind)
}

function condition(when) {
  if (when in failureNames) return failureNames[when]
  const statuses = [...codesOf(httpStatusKinds, when).map((code) => `HTTP ${code}`), otherStatuses[when]]
  const familyCodes = apiFamilies.flatMap((family) => {
    const codes = codesOf(family.errorCodes, when)
    return codes.length === 0 ? [] : [`${family.family} family ${codes.join(', ')}`]
  })
  return `\`${when}\`: ${[...statuses, ...familyCodes].filter(Boolean).join('; ')}`
}

export function retryTable() {
  const yes = (value) => (value ? 'retried, `retryable: true`' : 'not retried, `retryable: false`')
  const lines = ['| Error kind (what reads as it), or failure | Read | Create | Why |', '|---|---|---|---|']
  for (const rule of retryRules)
    lines.push(`| ${condition(rule.when)} | ${yes(rule.read)} | ${yes(rule.create)} | ${rule.reason} |`)
  lines.push(
    '| anything else (authentication, credits, not found, an invalid request, malformed answers) | not retried, `retryable: false` | not retried, `retryable: false` | the same request gets the same answer |',
  )
  return `${lines.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(retryTable())
