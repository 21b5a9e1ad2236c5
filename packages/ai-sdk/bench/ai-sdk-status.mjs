// `pnpm bench:ai-sdk`: the AI SDK path's overhead. doStatus of a sorakit V4 model vs the facade's
// getTask it wraps, against the loopback kie.ai server of the facade's bench (another process), the
// variants interleaved one call each per round in rotating order so machine load falls on all alike.
// Writes the table into README.md between the markers.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { createSora } from '@sorakit/sora'
import { createSorakit } from '../dist/index.js'

const rounds = Number(process.env.BENCH_ROUNDS ?? 4000)
const warmup = 500
const target = 1.05
const apiKey = 'bench-key'
// The task id is the one of kie.ai's documented `success` example, which the loopback server answers
// (the facade refuses a record of another task); the model is kie.ai's default.
const model = 'kling-3.0/video'
const handle = {
  provider: 'kie',
  taskId: 'task_sora-2-text-to-video_1765184045509',
  model,
  createdAt: new Date(0).toISOString(),
}

const server = spawn(process.execPath, [new URL('../../sora/bench/loopback-server.mjs', import.meta.url).pathname], {
  stdio: ['ignore', 'pipe', 'inherit'],
})
const [portLine] = await once(server.stdout, 'data')
const baseUrl = `http://127.0.0.1:${String(portLine).trim()}`
handle.baseUrl = baseUrl

const sora = createSora({ provider: 'kie', apiKey, baseUrl })
const videoModel = createSorakit({ provider: 'kie', apiKey, baseUrl }).video(model)
const variants = {
  'facade getTask': async () => {
    const task = await sora.getTask(handle)
    if (task.status !== 'succeeded') throw new Error('unexpected answer')
  },
  'AI SDK doStatus': async () => {
    const status = await videoModel.doStatus({ operation: handle })
    if (status.status !== 'completed') throw new Error('unexpected answer')
  },
}
const names = Object.keys(variants)
const samples = Object.fromEntries(names.map((name) => [name, []]))
try {
  for (let index = 0; index < warmup; index += 1) for (const name of names) await variants[name]()
  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < names.length; offset += 1) {
      const name = names[(round + offset) % names.length]
      const started = performance.now()
      await variants[name]()
      samples[name].push(performance.now() - started)
    }
  }
} finally {
  server.kill()
}

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length
const baseline = { median: median(samples['facade getTask']), mean: mean(samples['facade getTask']) }
const ratio = median(samples['AI SDK doStatus']) / baseline.median
// Each round times both variants back to back: the median of the per-round ratios is less sensitive to load that shifts
// between rounds.
const pairedRatio = median(samples['AI SDK doStatus'].map((value, index) => value / samples['facade getTask'][index]))
const rows = names.map((name) => {
  const row = { median: median(samples[name]), mean: mean(samples[name]) }
  return `| ${name} | ${(row.median * 1000).toFixed(0)} µs | ${(row.mean * 1000).toFixed(0)} µs | ${(row.median / baseline.median).toFixed(3)}× | ${(row.mean / baseline.mean).toFixed(3)}× |`
})
const table = [
  `doStatus vs getTask on loopback, ${rounds} interleaved rounds, Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end: median ${ratio.toFixed(3)}× (target ≤ ${target.toFixed(2)}×: **${ratio <= target ? 'met' : 'not met'}**); median of the per-round ratios ${pairedRatio.toFixed(3)}×.`,
  '',
  '| Variant | median | mean | median vs getTask | mean vs getTask |',
  '|---|---:|---:|---:|---:|',
  ...rows,
].join('\n')
console.log(table)

const start = '<!-- ai-sdk-bench:start (written by `pnpm bench:ai-sdk`; do not edit) -->'
const end = '<!-- ai-sdk-bench:end -->'
const readmeUrl = new URL('../README.md', import.meta.url)
const readme = readFileSync(readmeUrl, 'utf8')
const from = readme.indexOf(start)
const to = readme.indexOf(end)
if (from < 0 || to < from) throw new Error(`README.md has no benchmark section: add the lines\n${start}\n${end}`)
writeFileSync(readmeUrl, `${readme.slice(0, from)}${start}\n${table}\n${readme.slice(to)}`)
