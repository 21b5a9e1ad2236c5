// Load and fault test of @sorakit/queue (`pnpm queue:load`): 2,000 jobs against the lifecycle mock
// (tasks of about 5 s, 10 % failure scenarios, callbacks for half the jobs), 4 worker processes at
// concurrency 50; two workers are killed with SIGKILL in the middle (and replaced), and Redis is
// killed and restarted once (append-only file on). Then checks that every job ended succeeded,
// failed or uncertain, that no task was created twice (the mock's admin API), and measures the
// queue's overhead per job against the facade called directly. Writes the figures into
// packages/queue/README.md between the queue-load markers.
import { fork } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { mockProviders, startMocks } from '@sorakit/mock'
import { createSora } from '@sorakit/sora'
import { Redis } from 'ioredis'
import { createCallbackReceiver, createVideoQueue, createVideoWorker } from '../dist/index.js'
import { startRedis } from '../dist/redis-process.js'

const jobCount = Number(process.env.LOAD_JOBS ?? 2_000)
const workerCount = 4
const log = (...parts) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Failure scenarios for 10 % of the jobs, spread over the kinds the policy treats differently.
const failureMarkers = [
  '#mock:fail',
  '#mock:content-policy',
  '#mock:insufficient-credits',
  '#mock:maintenance',
  '#mock:rate-limited',
]

const redis = await startRedis({ appendOnly: true, appendFsync: 'always' })
const providers = mockProviders.filter((provider) => ['kie', 'apikley'].includes(provider.table.id))
const mocks = await startMocks({
  providers,
  ports: { kie: 0, 'kie-upload': 0, apikley: 0, 'apikley-upload': 0 },
  lifecycleMs: 5_000,
  logLevel: 'silent',
  checkSpecs: false,
})
const mockUrl = (id) => mocks.servers.find((server) => server.provider.id === id && server.server === 'api').url
const connection = { host: redis.host, port: redis.port }
const workers = new Set()

try {
  const figures = { ...(await loadAndFaults()), ...(await overheadAgainstFacade()) }
  await writeReadme(figures)
} finally {
  for (const worker of workers) worker.kill('SIGKILL')
  await mocks.stop()
  await redis.stop()
}

function startWorker() {
  const child = fork(
    new URL('./queue-load-worker.mjs', import.meta.url),
    [String(redis.port), mockUrl('kie'), mockUrl('apikley')],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  workers.add(child)
  child.once('exit', () => workers.delete(child))
  return child
}

async function loadAndFaults() {
  // The receiver behind a plain Node server, as an app would mount it.
  const receiver = createCallbackReceiver({
    connection,
    name: 'load',
    providers: { kie: { webhookSecret: mocks.webhookKey }, apikley: {} },
  })
  let callbacksWoke = 0
  const server = createServer(async (incoming, outgoing) => {
    const chunks = []
    for await (const chunk of incoming) chunks.push(chunk)
    const headers = new Headers(Object.entries(incoming.headers).filter(([, value]) => typeof value === 'string'))
    const response = await receiver
      .handle(
        new Request(`http://receiver${incoming.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }),
        incoming.url.slice(1),
      )
      .catch(() => new Response(null, { status: 503 }))
    if (response.status === 202) callbacksWoke++
    outgoing.writeHead(response.status).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const callbackBase = `http://127.0.0.1:${server.address().port}`
  const queue = createVideoQueue({ connection, name: 'load' })

  for (let index = 0; index < workerCount; index++) startWorker()
  const started = Date.now()
  const jobIds = []
  for (let index = 0; index < jobCount; index += 100) {
    const batch = Array.from({ length: Math.min(100, jobCount - index) }, (_, offset) =>
      jobRequest(index + offset, callbackBase),
    )
    jobIds.push(...(await Promise.all(batch.map((request) => queue.enqueue(request).then(({ jobId }) => jobId)))))
  }
  log(`enqueued ${jobIds.length} jobs in ${Date.now() - started} ms`)

  let killedWorkers = false
  let restartedRedis = false
  let ended = 0
  for (;;) {
    await sleep(1_000)
    const counts = await queue.bullQueue
      .getJobCounts('completed', 'failed', 'active', 'wait', 'delayed')
      .catch(() => null)
    if (counts === null) continue
    ended = counts.completed + counts.failed
    log(`ended ${ended}/${jobCount} (active ${counts.active}, waiting ${counts.wait}, delayed ${counts.delayed})`)
    if (!killedWorkers && ended >= jobCount * 0.3) {
      killedWorkers = true
      const victims = [...workers].slice(0, 2)
      for (const victim of victims) victim.kill('SIGKILL')
      log('killed 2 workers with SIGKILL; starting 2 new ones')
      await sleep(500)
      startWorker()
      startWorker()
    }
    if (killedWorkers && !restartedRedis && ended >= jobCount * 0.55) {
      restartedRedis = true
      log('killing Redis (SIGKILL) and starting it again from its append-only file')
      await redis.restart()
    }
    if (ended >= jobCount) break
    if (Date.now() - started > 15 * 60_000) throw new Error('The load test did not finish within 15 minutes')
  }
  const elapsedS = (Date.now() - started) / 1000

  const results = []
  for (let index = 0; index < jobIds.length; index += 200) {
    results.push(
      ...(await Promise.all(jobIds.slice(index, index + 200).map((jobId) => queue.getResult(jobId).catch(() => null)))),
    )
  }
  const byStatus = { succeeded: 0, failed: 0, uncertain: 0 }
  for (const result of results) if (result !== null) byStatus[result.status]++
  const lost = jobCount - byStatus.succeeded - byStatus.failed - byStatus.uncertain
  const withTask = results.filter((result) => result?.handle !== undefined)
  const statusRequests = withTask.reduce((sum, result) => sum + result.statusRequests, 0)
  const tasksByJob = await tasksCreatedPerJob()
  const duplicateCreates = [...tasksByJob.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0)
  const memory = await redisMemory()
  await queue.close()
  await receiver.close()
  server.close()
  for (const worker of [...workers]) worker.kill('SIGTERM')
  const figures = {
    jobs: jobCount,
    ...byStatus,
    lost,
    tasksCreated: [...tasksByJob.values()].reduce((sum, count) => sum + count, 0),
    duplicateCreates,
    statusRequestsPerTask: statusRequests / Math.max(1, withTask.length),
    callbacksWoke,
    elapsedS,
    throughput: jobCount / elapsedS,
    ...memory,
  }
  log(JSON.stringify(figures))
  if (lost > 0 || duplicateCreates > 0) process.exitCode = 1
  return figures
}

function jobRequest(index, callbackBase) {
  const marker = index % 10 === 9 ? ` ${failureMarkers[Math.floor(index / 10) % failureMarkers.length]}` : ''
  const viaRoute = index % 4 === 0
  // The receiver learns the provider from the path; a routed job that moves on is called back by Apikley.
  const input = {
    prompt: `load job ${index}${marker}`,
    ...(index % 2 === 0 ? { callbackUrl: `${callbackBase}/kie` } : {}),
  }
  return viaRoute
    ? { route: ['kie', 'apikley'], input, jobId: `load-${index}` }
    : { provider: 'kie', input, jobId: `load-${index}` }
}

// Every task each mock holds, by the job named in its prompt (the create request is in kie's `param`).
async function tasksCreatedPerJob() {
  const perJob = new Map()
  for (const id of ['kie', 'apikley']) {
    const tasks = await (await fetch(`${mockUrl(id)}/__mock/tasks`)).json()
    for (let index = 0; index < tasks.length; index += 50) {
      await Promise.all(
        tasks.slice(index, index + 50).map(async (task) => {
          const record = await (
            await fetch(`${mockUrl(id)}/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(task.id)}`, {
              headers: { authorization: 'Bearer load-key' },
            })
          ).json()
          const job = /load job (\d+)/.exec(record?.data?.param ?? '')?.[1] ?? `unknown-${task.id}`
          perJob.set(job, (perJob.get(job) ?? 0) + 1)
        }),
      )
    }
  }
  return perJob
}

async function redisMemory() {
  const client = new Redis({ ...connection, maxRetriesPerRequest: 3 })
  const info = await client.info('memory')
  client.disconnect()
  const field = (name) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0)
  return { redisUsedMemoryMiB: field('used_memory') / 1048576, redisPeakMemoryMiB: field('used_memory_peak') / 1048576 }
}

// The same generations, one at a time, through the facade and through the queue, on a mock whose
// tasks end at their first status request: the difference is what the queue adds per job.
async function overheadAgainstFacade() {
  const count = 100
  const instant = await startMocks({
    providers: providers.filter((provider) => provider.table.id === 'kie'),
    ports: { kie: 0, 'kie-upload': 0 },
    lifecycleMs: 0,
    logLevel: 'silent',
    checkSpecs: false,
  })
  const baseUrl = instant.servers.find((server) => server.server === 'api').url
  try {
    const sora = createSora({ provider: 'kie', apiKey: 'overhead-key', baseUrl })
    const direct = []
    for (let index = 0; index < count; index++) {
      const started = performance.now()
      const handle = await sora.textToVideo({ prompt: `direct ${index}` })
      while ((await sora.getTask(handle)).status !== 'succeeded');
      direct.push(performance.now() - started)
    }
    const queue = createVideoQueue({ connection, name: 'overhead' })
    const worker = createVideoWorker({
      connection,
      name: 'overhead',
      providers: { kie: { apiKey: 'overhead-key', baseUrl, rateBudget: { creates: 100_000, windowMs: 1_000 } } },
      polling: { minIntervalMs: 0, denseIntervalMs: 0, approachRate: 0 },
    })
    const queued = []
    for (let index = 0; index < count; index++) {
      const started = performance.now()
      const { jobId } = await queue.enqueue({ provider: 'kie', input: { prompt: `queued ${index}` } })
      const result = await queue.waitForResult(jobId, { timeoutMs: 30_000 })
      if (result.status !== 'succeeded') throw new Error(`overhead job ${jobId} ended ${result.status}`)
      queued.push(performance.now() - started)
    }
    await worker.close()
    await queue.close()
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const figures = { overheadJobs: count, directMedianMs: median(direct), queuedMedianMs: median(queued) }
    log(JSON.stringify(figures))
    return figures
  } finally {
    await instant.stop()
  }
}

async function writeReadme(figures) {
  const row = (name, value) => `| ${name} | ${value} |`
  const markdown = [
    `Measured by \`pnpm queue:load\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.versions.node}, ${(await import('node:os')).cpus().length} cores shared with the mock and Redis):`,
    '',
    '| Figure | Value |',
    '|---|---|',
    row('Jobs (10 % failure scenarios, callbacks for half, a quarter on the route kie → apikley)', figures.jobs),
    row('Ended succeeded / failed / uncertain', `${figures.succeeded} / ${figures.failed} / ${figures.uncertain}`),
    row('Lost (never ended)', figures.lost),
    row('Tasks created (mock admin API) / duplicate creates', `${figures.tasksCreated} / ${figures.duplicateCreates}`),
    row('Status requests per task', figures.statusRequestsPerTask.toFixed(1)),
    row('Callbacks that woke a job', figures.callbacksWoke),
    row(
      'Wall time / throughput (2 workers killed, Redis killed and restarted)',
      `${figures.elapsedS.toFixed(1)} s / ${figures.throughput.toFixed(1)} jobs/s`,
    ),
    row(
      'Redis memory at the end (finished jobs kept 24 h) / peak',
      `${figures.redisUsedMemoryMiB.toFixed(1)} MiB / ${figures.redisPeakMemoryMiB.toFixed(1)} MiB`,
    ),
    row(
      `Create + status of one task, median of ${figures.overheadJobs}: facade directly`,
      `${figures.directMedianMs.toFixed(1)} ms`,
    ),
    row(
      'The same through the queue (enqueue → worker → delayed re-check → waitForResult)',
      `${figures.queuedMedianMs.toFixed(1)} ms (+${(figures.queuedMedianMs - figures.directMedianMs).toFixed(1)} ms per job)`,
    ),
  ].join('\n')
  console.log(markdown)
  const readme = new URL('../README.md', import.meta.url)
  const text = await readFile(readme, 'utf8')
  const start = '<!-- queue-load:start (written by `pnpm queue:load`; do not edit) -->'
  const end = '<!-- queue-load:end -->'
  const from = text.indexOf(start)
  const to = text.indexOf(end, from)
  if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} markers`)
  await writeFile(readme, `${text.slice(0, from + start.length)}\n\n${markdown}\n\n${text.slice(to)}`)
}
