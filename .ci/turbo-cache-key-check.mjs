// Proves that turbo's cache key includes the Node version (turbo.json `globalEnv`), with the real
// binaries: run right after `pnpm test` under the first Node, it asks turbo (a dry run through pnpm,
// as the README's commands run it) which build and typecheck tasks it would replay (the turbo tasks `pnpm test` runs;
// its vitest run is never cached). Under the Node that
// just ran them every task must be a cache hit (else the check proves nothing); under the second Node
// none may be.
//   node .ci/turbo-cache-key-check.mjs <node that ran pnpm test> <other node> [turbo filter arguments]
import { execFileSync } from 'node:child_process'

const [ranTests, other, ...filters] = process.argv.slice(2)
if (!ranTests || !other) {
  console.error('usage: node .ci/turbo-cache-key-check.mjs <node that ran pnpm test> <other node>')
  process.exit(2)
}
const pnpm = execFileSync('sh', ['-c', 'command -v pnpm'], { encoding: 'utf8' }).trim()

function cacheStatuses(node) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  const summary = JSON.parse(
    execFileSync(node, [pnpm, 'exec', 'turbo', 'run', 'build', 'typecheck', '--dry=json', ...filters], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  )
  // A package without that script has a task turbo never runs nor caches ('<NONEXISTENT>'): not evidence.
  const tasks = summary.tasks.filter((task) => task.command !== '<NONEXISTENT>')
  return { version, tasks: tasks.map((task) => ({ id: task.taskId, status: task.cache.status })) }
}

const before = cacheStatuses(ranTests)
const after = cacheStatuses(other)
const notReplayed = before.tasks.filter((task) => task.status !== 'HIT')
const replayed = after.tasks.filter((task) => task.status === 'HIT')
console.log(
  `turbo cache key: ${before.tasks.length - notReplayed.length}/${before.tasks.length} build and typecheck tasks cached under node ${before.version}, ${replayed.length}/${after.tasks.length} would be replayed under node ${after.version}`,
)
if (notReplayed.length > 0) {
  console.error(
    `not cached under node ${before.version} (run pnpm test first): ${notReplayed.map((task) => task.id).join(', ')}`,
  )
  process.exit(1)
}
if (replayed.length > 0) {
  console.error(
    `node ${after.version} would replay results cached under node ${before.version}: ${replayed.map((task) => task.id).join(', ')}`,
  )
  process.exit(1)
}
