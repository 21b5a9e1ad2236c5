// `pnpm bench:tests [--fresh] [--ci]`: measures the README's test commands on this machine and writes
// the figures into README.md between the test-figures markers (never by hand). Each figure is kept in
// scripts/test-figures.json with when and under what load it was taken, so measuring one of them
// leaves the others as they were.
//   (default) `pnpm test` on this warm tree (installed and built: the everyday run), wall time;
//   --fresh   a clone of HEAD in a temp folder: `pnpm bootstrap`, then `pnpm test`;
//   --ci      a clone of HEAD in a temp folder: `.ci/run` whole.
// The machine may be shared: the load average before each run is recorded next to its figure.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const figuresFile = path.join(root, 'scripts/test-figures.json')
const readme = path.join(root, 'README.md')
const start = '<!-- test-figures:start (pnpm bench:tests writes this table) -->'
const end = '<!-- test-figures:end -->'
const limits = { warm: 60, fresh: 180, ci: 600 }

/** Runs a shell command, echoing its output; resolves with wall seconds and the output. */
function timed(command, cwd) {
  return new Promise((resolve, reject) => {
    const began = performance.now()
    const child = spawn('bash', ['-c', command], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (chunk) => ((output += chunk), process.stderr.write(chunk)))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - began) / 1000, output })
        : reject(new Error(`${command} exited ${code} in ${cwd}`)),
    )
  })
}

// The summary came with colour escapes despite FORCE_COLOR=0 (seen on this machine): strip them first.
const testCount = (output) =>
  [...output.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/^\s*Tests\s+(\d+) passed/gm)]
    .map((match) => Number(match[1]))
    .at(0)
const conditions = () => ({
  cores: os.availableParallelism(),
  load: os.loadavg()[0].toFixed(1),
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
})

async function inClone(body) {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sorakit-figures-'))
  try {
    await timed(`git clone --quiet --no-hardlinks "${root}" "${folder}"`, root)
    return await body(folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

const figures = JSON.parse(await readFile(figuresFile, 'utf8').catch(() => '{}'))
const modes = process.argv.slice(2)

await timed('pnpm test', root) // makes the tree warm (built, turbo cache filled) when it was not
const warmBefore = conditions()
const warm = await timed('pnpm test', root)
figures.warm = { ...warmBefore, seconds: Math.round(warm.seconds), tests: testCount(warm.output) }

if (modes.includes('--fresh')) {
  const before = conditions()
  figures.fresh = await inClone(async (folder) => {
    const bootstrap = await timed('pnpm bootstrap', folder)
    const test = await timed('pnpm test', folder)
    return {
      ...before,
      seconds: Math.round(bootstrap.seconds + test.seconds),
      bootstrap: Math.round(bootstrap.seconds),
      test: Math.round(test.seconds),
    }
  })
}
if (modes.includes('--ci')) {
  const before = conditions()
  figures.ci = await inClone(async (folder) => ({
    ...before,
    seconds: Math.round((await timed('bash .ci/run', folder)).seconds),
  }))
}

await writeFile(figuresFile, `${JSON.stringify(figures, null, 2)}\n`)

const minutes = (seconds) => (seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`)
const row = (what, figure, limit, detail = '') =>
  figure === undefined
    ? `| ${what} | not measured yet | ${minutes(limit)} | |`
    : `| ${what} | ${minutes(figure.seconds)}${detail} | ${minutes(limit)} | ${figure.date} UTC, ${figure.cores} cores, load ${figure.load} before the run |`
const table = [
  '| Command | Measured | Limit | Conditions |',
  '|---|---|---|---|',
  row('`pnpm test`, warm tree', figures.warm, limits.warm, figures.warm?.tests ? ` (${figures.warm.tests} tests)` : ''),
  row(
    'fresh clone: `pnpm bootstrap` + `pnpm test`',
    figures.fresh,
    limits.fresh,
    figures.fresh ? ` (${minutes(figures.fresh.bootstrap)} + ${minutes(figures.fresh.test)})` : '',
  ),
  row('`.ci/run` whole', figures.ci, limits.ci),
].join('\n')
const text = await readFile(readme, 'utf8')
const from = text.indexOf(start)
const to = text.indexOf(end)
if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} markers`)
await writeFile(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`)
console.log(table)
