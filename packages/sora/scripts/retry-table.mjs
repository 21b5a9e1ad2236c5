// Prints the retry table (src/transport-retry-policy.ts) as the README's markdown
// (`pnpm --filter @sorakit/sora retry-table`). A test keeps the README equal to this output.
import { retryRules } from '../dist/transport-retry-policy.js'

const failureNames = {
  'connection-refused': 'connection refused',
  'connection-lost': 'connection lost',
  timeout: 'attempt timed out',
  aborted: 'aborted by the caller',
}

function condition(when) {
  if (typeof when === 'number') return `${when}`
  if (when === '5xx') return 'any other 5xx'
  return failureNames[when]
}

export function retryTable() {
  const yes = (value) => (value ? 'retried, `retryable: true`' : 'not retried, `retryable: false`')
  const lines = ['| HTTP status or kie.ai body code, or failure | Read | Create | Why |', '|---|---|---|---|']
  for (const rule of retryRules)
    lines.push(`| ${condition(rule.when)} | ${yes(rule.read)} | ${yes(rule.create)} | ${rule.reason} |`)
  lines.push(
    '| anything else (other 4xx, malformed answers) | not retried, `retryable: false` | not retried, `retryable: false` | the same request gets the same answer |',
  )
  return `${lines.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(retryTable())
