#!/usr/bin/env node
/**
 * `pnpm bench:mock`: side by side in one run, against one bare `prism mock packages/<first>/openapi.json`
 * (the Prism CLI, same version):
 *  - start: `pnpm mock`'s entry (every provider server, spec check included) until every server answers,
 *    against bare Prism until it answers (median of 3 alternating rounds; check remembered and run);
 *  - latency: p50 of the first provider's create and status, one at a time, through the lifecycle layer
 *    (a fresh task, then its status) and from bare Prism (the documented examples);
 *  - throughput: 5,000 requests at 32 concurrent over every operation of that provider (status polls of live
 *    tasks), each answered 2xx, against the same kinds from bare Prism;
 *  - 1,000 live tasks polled at 32 concurrent: 0 errors, the host's resident memory before and after.
 * The figures are written into README.md between the bench markers.
 */
import { providerRegistry } from '@sorakit/provider-registry'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkCacheFile } from './codegen-check.js'
import { lifecycleFamilies, type LifecycleProviderTable } from '@sorakit/mock-msw/engine'
import { replaceSection } from './mock-scenarios.js'
import { startMocks, waitUntilAnswering } from './mock-launcher.js'
import { mockProviders, mockServerSpecs, repositoryRoot, type ProviderTable } from './mock-providers.js'
import { listOperations, readBundledDocument, successStatus } from './openapi-operations.js'
import { encodeBody, requestSamples } from './request-samples.js'

const rounds = 3
const totalRequests = 5_000
const concurrency = 32
const mockCli = fileURLToPath(new URL('./mock-cli.js', import.meta.url))
const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli')
const bareProvider = mockProviders[0]!.table
/** The first provider's generated table: its operations name the status operation. */
const bareTable: LifecycleProviderTable = providerRegistry[bareProvider.id as keyof typeof providerRegistry].table
const bareDocument = path.join(repositoryRoot, 'packages', bareProvider.id, 'openapi.json')

interface Target {
  url: string
  init: RequestInit
  expectedStatus: number
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

// Generous: a start on this shared 2-core machine has taken over 60 s under load; a hung one still ends the bench.
const startTimeoutMs = 180_000

/** Spawns a server process and returns the seconds until every URL answers, then stops it. */
async function timeStart(command: string[], urls: string[]): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, command, { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  await Promise.race([
    Promise.all(urls.map((url) => waitUntilAnswering(url, startTimeoutMs))),
    exited.then(() => Promise.reject(new Error(`${command.join(' ')} exited before answering`))),
  ])
  const seconds = (performance.now() - started) / 1000
  child.kill('SIGTERM')
  await exited
  return seconds
}

async function mockStart(check: 'remembered' | 'forgotten'): Promise<number> {
  if (check === 'forgotten') await rm(checkCacheFile, { force: true })
  const specs = mockServerSpecs()
  const ports = await Promise.all(specs.map(freePort))
  const args = specs.flatMap((spec, index) => [spec.portFlag, String(ports[index])])
  return timeStart(
    [mockCli, ...args],
    ports.map((port) => `http://127.0.0.1:${port}`),
  )
}

async function bareStart(): Promise<number> {
  const port = await freePort()
  return timeStart([prismCli, 'mock', '-p', String(port), bareDocument], [`http://127.0.0.1:${port}`])
}

/**
 * One request per body variant of every operation, each sent to `baseUrl(server)`; `liveTaskId` replaces the example
 * task id of status requests.
 */
function targets(provider: ProviderTable, baseUrl: (server: string) => string, liveTaskId?: string): Target[] {
  const document = readBundledDocument(repositoryRoot, provider.id)
  const statusPath =
    provider.id === bareTable.id
      ? bareTable.operations[lifecycleFamilies[provider.family]!.operations.status]?.path
      : undefined
  return listOperations(document, provider).flatMap((entry) =>
    requestSamples(document, entry, 'required').map((request) => {
      if (liveTaskId !== undefined && entry.path === statusPath) {
        for (const name of Object.keys(request.query)) request.query[name] = liveTaskId
        for (const name of Object.keys(request.pathParameters)) request.pathParameters[name] = liveTaskId
      }
      const pathname = entry.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(String(request.pathParameters[name])),
      )
      const query = new URLSearchParams(Object.entries(request.query).map(([name, value]) => [name, String(value)]))
      const headers: Record<string, string> = { Authorization: 'Bearer bench' }
      if (request.body !== undefined && request.contentType !== 'multipart/form-data')
        headers['Content-Type'] = request.contentType ?? 'application/json'
      return {
        url: `${baseUrl(entry.server)}${pathname}${query.size > 0 ? `?${query}` : ''}`,
        init: {
          method: entry.method.toUpperCase(),
          headers,
          ...(request.body === undefined ? {} : { body: encodeBody(entry, request.body) }),
        },
        expectedStatus: Number(successStatus(entry)),
      }
    }),
  )
}

async function load(
  requests: readonly Target[],
  total: number,
): Promise<{ perSecond: number; errors: number; firstError?: string }> {
  let next = 0
  let errors = 0
  let firstError: string | undefined
  const started = performance.now()
  const worker = async () => {
    while (next < total) {
      const target = requests[next++ % requests.length]!
      try {
        const response = await fetch(target.url, target.init)
        await response.arrayBuffer()
        if (response.status !== target.expectedStatus)
          throw new Error(`${target.init.method} ${target.url}: ${response.status}`)
      } catch (error) {
        errors++
        firstError ??= String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return {
    perSecond: total / ((performance.now() - started) / 1000),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.floor(sorted.length / 2)]!
}

interface LoadFigures {
  mocks: Awaited<ReturnType<typeof load>>
  bare: Awaited<ReturnType<typeof load>>
  kinds: number
  latency: { create: [number, number]; status: [number, number] }
  live: {
    tasks: number
    polls: number
    result: Awaited<ReturnType<typeof load>>
    rssBeforeMb: number
    rssAfterMb: number
  }
}

const liveTasks = 1_000
const latencySamples = 300

async function loadRun(): Promise<LoadFigures> {
  const mocks = await startMocks({
    ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])),
    logLevel: 'warn',
  })
  const bareServer = await startBarePrism()
  try {
    const serverUrl = (server: string) =>
      mocks.servers.find((candidate) => candidate.provider.id === bareProvider.id && candidate.server === server)!.url
    const create = targets(bareProvider, serverUrl).find((target) => isCreate(target))!
    const liveTaskId = await createTask(create)
    const mockTargets = targets(bareProvider, serverUrl, liveTaskId)
    const bareTargets = targets(bareProvider, () => bareServer.url)
    await load(mockTargets, 200) // warm-up: JIT and keep-alive connections
    await load(bareTargets, 200)
    const mocksLoad = await load(mockTargets, totalRequests)
    const bareLoad = await load(bareTargets, totalRequests)
    const status = (list: readonly Target[]) =>
      list.find(
        (target) =>
          target.init.method === 'GET' &&
          target.url.includes(liveTaskId) === (list === mockTargets) &&
          isStatus(target),
      )!
    const latency = {
      create: [await p50(create), await p50(bareTargets.find(isCreate)!)] as [number, number],
      status: [await p50(status(mockTargets)), await p50(bareTargets.find(isStatus)!)] as [number, number],
    }
    const rssBeforeMb = residentMb(mocks.hostPid)
    const ids: string[] = []
    for (let index = 0; index < liveTasks; index++) ids.push(await createTask(create))
    const polls = ids.flatMap((id) => [statusTarget(status(mockTargets), liveTaskId, id)])
    const result = await load(polls, liveTasks * 5)
    const rssAfterMb = residentMb(mocks.hostPid)
    return {
      mocks: mocksLoad,
      bare: bareLoad,
      kinds: mockTargets.length,
      latency,
      live: { tasks: liveTasks, polls: liveTasks * 5, result, rssBeforeMb, rssAfterMb },
    }
  } finally {
    bareServer.child.kill('SIGTERM')
    await mocks.stop()
  }
}

const createPath = () => bareProvider.modelOperation.path
function isCreate(target: Target): boolean {
  return (
    target.init.method === bareProvider.modelOperation.method.toUpperCase() &&
    new URL(target.url).pathname === createPath()
  )
}
function isStatus(target: Target): boolean {
  const path = bareTable.operations[lifecycleFamilies[bareTable.family]!.operations.status]?.path ?? ''
  return new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(new URL(target.url).pathname)
}
function statusTarget(template: Target, from: string, to: string): Target {
  return { ...template, url: template.url.replace(encodeURIComponent(from), encodeURIComponent(to)) }
}

async function createTask(target: Target): Promise<string> {
  const response = await fetch(target.url, target.init)
  const body = (await response.json()) as { data?: { taskId?: string }; id?: string }
  const id = body.data?.taskId ?? body.id
  if (response.status !== 200 || id === undefined)
    throw new Error(`create answered ${response.status}: ${JSON.stringify(body)}`)
  return id
}

/** Median milliseconds of one request at a time. */
async function p50(target: Target): Promise<number> {
  const times: number[] = []
  for (let index = 0; index < latencySamples; index++) {
    const started = performance.now()
    const response = await fetch(target.url, target.init)
    await response.arrayBuffer()
    if (response.status !== target.expectedStatus)
      throw new Error(`${target.init.method} ${target.url}: ${response.status}`)
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Resident memory of a process in MB (Linux /proc). */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024
}

async function startBarePrism(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [prismCli, 'mock', '-p', String(port), bareDocument], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  await waitUntilAnswering(url, startTimeoutMs)
  return { url, child }
}

async function main(): Promise<void> {
  const mockSeconds: number[] = []
  const coldSeconds: number[] = []
  const bareSeconds: number[] = []
  for (let round = 0; round < rounds; round++) {
    coldSeconds.push(await mockStart('forgotten'))
    mockSeconds.push(await mockStart('remembered'))
    bareSeconds.push(await bareStart())
  }
  const load1 = await loadRun()
  const { mocks, bare, kinds, latency, live } = load1
  const format = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(', ')
  const servers = mockServerSpecs().length
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1)
  const lines: string[] = [
    `Measured by \`pnpm bench:mock\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${load} at the end of the run (the machine is shared; ratios are side by side in one run):`,
    '',
    `| Measure | sorakit mocks (${servers} servers, lifecycle on) | bare Prism (${bareProvider.id} document) | ratio |`,
    '|---|---|---|---|',
  ]
  const startRow = (label: string, seconds: readonly number[]) =>
    `| ${label}, median of ${rounds} (s) | ${median(seconds).toFixed(2)} (${format(seconds)}) | ${median(bareSeconds).toFixed(2)} (${format(bareSeconds)}) | ${(median(seconds) / median(bareSeconds)).toFixed(2)}x |`
  lines.push(startRow('start until every server answers, check remembered', mockSeconds))
  lines.push(startRow('start until every server answers, check run', coldSeconds))
  lines.push(
    `| create p50, one at a time (ms) | ${latency.create[0].toFixed(2)} (a new task) | ${latency.create[1].toFixed(2)} (the example) | ${(latency.create[0] / latency.create[1]).toFixed(2)}x |`,
  )
  lines.push(
    `| status p50, one at a time (ms) | ${latency.status[0].toFixed(2)} (a live task) | ${latency.status[1].toFixed(2)} (the example) | ${(latency.status[0] / latency.status[1]).toFixed(2)}x |`,
  )
  lines.push(
    `| ${totalRequests.toLocaleString('en')} requests at ${concurrency} concurrent over ${kinds} request kinds of ${bareProvider.displayName} (requests/s) | ${mocks.perSecond.toFixed(0)} | ${bare.perSecond.toFixed(0)} | ${(mocks.perSecond / bare.perSecond).toFixed(2)}x |`,
  )
  lines.push(`| errors | ${mocks.errors} | ${bare.errors} | |`)
  lines.push(
    `| ${live.tasks.toLocaleString('en')} live tasks, ${live.polls.toLocaleString('en')} status polls at ${concurrency} concurrent | ${live.result.perSecond.toFixed(0)} polls/s, ${live.result.errors} errors; host memory ${live.rssBeforeMb.toFixed(0)} MB before the tasks, ${live.rssAfterMb.toFixed(0)} MB after | | |`,
  )
  const table = lines.join('\n')
  console.log(table)
  for (const [name, result] of [
    ['mocks', mocks],
    ['bare Prism', bare],
    ['live tasks', live.result],
  ] as const)
    if (result.firstError) console.error(`first ${name} error: ${result.firstError}`)
  if (mocks.errors + bare.errors + live.result.errors > 0) {
    process.exitCode = 1
    return
  }
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url))
  const readme = readFileSync(readmePath, 'utf8')
  writeFileSync(
    readmePath,
    replaceSection(readme, benchStart, benchEnd, [benchStart, '', table, '', benchEnd].join('\n')),
  )
  console.log('\nfigures written into packages/mock/README.md')
}

export const benchStart = '<!-- bench:start (written by `pnpm bench:mock`; do not edit) -->'
export const benchEnd = '<!-- bench:end -->'

await main()
