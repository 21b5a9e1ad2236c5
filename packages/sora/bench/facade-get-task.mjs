// `pnpm bench` (speed part): getTask through the facade vs the bare openapi-fetch client vs raw
// fetch, against a loopback server in another process. The variants run interleaved, one call
// each per round in rotating order, so load from other work on the machine falls on all alike.
// (tinybench runs tasks one after another, which lets such drift bias the ratios.)
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import createClient from 'openapi-fetch'
import { createSora } from '../dist/kie.js'

const rounds = Number(process.env.BENCH_ROUNDS ?? 4000)
const warmup = 500
const apiKey = 'bench-key'
const taskId = 'task_sora-2-text-to-video_1765184045509'

const server = spawn(process.execPath, [new URL('./loopback-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] })
const [portLine] = await once(server.stdout, 'data')
const baseUrl = `http://127.0.0.1:${String(portLine).trim()}`

const client = createClient({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } })
const sora = createSora({ apiKey, baseUrl })
const variants = {
  'raw fetch': async () => {
    const response = await fetch(`${baseUrl}/api/v1/jobs/recordInfo?taskId=${taskId}`, { headers: { Authorization: `Bearer ${apiKey}` } })
    const body = await response.json()
    if (body.code !== 200) throw new Error('unexpected answer')
  },
  'bare openapi-fetch': async () => {
    const { data } = await client.GET('/api/v1/jobs/recordInfo', { params: { query: { taskId } } })
    if (data.code !== 200) throw new Error('unexpected answer')
  },
  'facade getTask': async () => {
    const task = await sora.getTask(taskId)
    if (task.status !== 'succeeded') throw new Error('unexpected answer')
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

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.floor(sorted.length / 2)]
}
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length
const baseline = { median: median(samples['raw fetch']), mean: mean(samples['raw fetch']) }
const bareClient = { median: median(samples['bare openapi-fetch']), mean: mean(samples['bare openapi-fetch']) }
console.log(`getTask against a loopback server, ${rounds} interleaved rounds (Node ${process.version})`)
console.log('| Variant | median | mean | median vs raw fetch | mean vs raw fetch | median vs bare openapi-fetch |')
console.log('|---|---:|---:|---:|---:|---:|')
for (const name of names) {
  const row = { median: median(samples[name]), mean: mean(samples[name]) }
  const ratio = (value, reference) => `${(value / reference).toFixed(3)}×`
  console.log(`| ${name} | ${(row.median * 1000).toFixed(0)} µs | ${(row.mean * 1000).toFixed(0)} µs | ${ratio(row.median, baseline.median)} | ${ratio(row.mean, baseline.mean)} | ${ratio(row.median, bareClient.median)} |`)
}
