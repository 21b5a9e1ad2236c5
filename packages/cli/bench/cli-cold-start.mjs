// `pnpm bench:cli`: the cold start of `sorakit --help` against a bare `node -e 0`, interleaved
// round after round in one run (so both see the same machine load), medians compared. Writes the
// figure into packages/cli/README.md between the cli-cold-start markers. Target: at most 2x.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'

const rounds = Number(process.env.SORAKIT_BENCH_ROUNDS ?? 30)
const bin = fileURLToPath(new URL('../dist/sorakit.js', import.meta.url))
const readme = fileURLToPath(new URL('../README.md', import.meta.url))
const subjects = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'sorakit --help', args: [bin, '--help'] },
]

function timeOnce(args) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return elapsed
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

for (const subject of subjects) timeOnce(subject.args) // warm the file cache once
const samples = subjects.map(() => [])
for (let round = 0; round < rounds; round++) {
  // Alternate which goes first, so neither always runs right after the other.
  const order = round % 2 === 0 ? [0, 1] : [1, 0]
  for (const index of order) samples[index].push(timeOnce(subjects[index].args))
}
const [bare, help] = samples.map(median)
const ratio = help / bare
const load = os.loadavg()[0].toFixed(1)
const rows = subjects.map(
  (subject, index) =>
    `| \`${subject.name}\` | ${median(samples[index]).toFixed(1)} ms | ${Math.min(...samples[index]).toFixed(1)} ms |`,
)
const table = [
  `Measured by \`pnpm bench:cli\` (${rounds} interleaved rounds, Node ${process.versions.node}, ${process.platform}, ${os.cpus().length} cores, load average ${load} at the end):`,
  '',
  '| Command | Median | Min |',
  '|---|---|---|',
  ...rows,
  '',
  `\`sorakit --help\` takes **${ratio.toFixed(2)}x** a bare \`node -e 0\` start (target: at most 2x: ${ratio <= 2 ? 'met' : '**not met**'}).`,
].join('\n')
console.log(table)

const start = '<!-- cli-cold-start:start -->'
const end = '<!-- cli-cold-start:end -->'
const text = readFileSync(readme, 'utf8')
const from = text.indexOf(start)
const to = text.indexOf(end)
if (from < 0 || to < from) throw new Error(`${readme} lacks the ${start} ... ${end} markers`)
writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`)
console.log(`Wrote the figure into ${readme}`)
