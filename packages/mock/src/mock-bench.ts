#!/usr/bin/env node
/**
 * `pnpm bench:mock`: side by side in one run,
 *  - start: `pnpm mock`'s entry (every provider server, codegen check included) until every server answers,
 *    against one bare `prism mock packages/kie/openapi.json` until it answers (median of 3 alternating
 *    rounds); `pnpm mock` once with a remembered check (the usual restart) and once with it forgotten;
 *  - load: 5,000 requests at 32 concurrent spread over every operation of every mock, against the same
 *    number over the kie operations of one bare Prism. Every request must get its documented 2xx.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkCacheFile } from './codegen-check.js'
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

// Generous: a start on this busy 2-core machine has taken 12 s; a hung one still ends the bench.
const startTimeoutMs = 60_000

/** Spawns a server process and returns the seconds until every URL answers, then stops it. */
async function timeStart(command: string[], urls: string[]): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, command, { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  await Promise.race([Promise.all(urls.map((url) => waitUntilAnswering(url, startTimeoutMs))), exited.then(() => Promise.reject(new Error(`${command.join(' ')} exited before answering`)))])
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
  return timeStart([mockCli, ...args], ports.map((port) => `http://127.0.0.1:${port}`))
}

async function bareStart(): Promise<number> {
  const port = await freePort()
  return timeStart([prismCli, 'mock', '-p', String(port), bareDocument], [`http://127.0.0.1:${port}`])
}

/** One request per body variant of every operation, each sent to `baseUrl(server)`. */
function targets(provider: ProviderTable, baseUrl: (server: string) => string): Target[] {
  const document = readBundledDocument(repositoryRoot, provider.id)
  return listOperations(document, provider).flatMap((entry) =>
    requestSamples(document, entry, 'required').map((request) => {
      const pathname = entry.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.pathParameters[name])))
      const query = new URLSearchParams(Object.entries(request.query).map(([name, value]) => [name, String(value)]))
      const headers: Record<string, string> = { Authorization: 'Bearer bench' }
      if (request.body !== undefined && request.contentType !== 'multipart/form-data') headers['Content-Type'] = request.contentType ?? 'application/json'
      return {
        url: `${baseUrl(entry.server)}${pathname}${query.size > 0 ? `?${query}` : ''}`,
        init: { method: entry.method.toUpperCase(), headers, ...(request.body === undefined ? {} : { body: encodeBody(entry, request.body) }) },
        expectedStatus: Number(successStatus(entry)),
      }
    }),
  )
}

async function load(requests: readonly Target[], total: number): Promise<{ perSecond: number; errors: number; firstError?: string }> {
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
        if (response.status !== target.expectedStatus) throw new Error(`${target.init.method} ${target.url}: ${response.status}`)
      } catch (error) {
        errors++
        firstError ??= String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { perSecond: total / ((performance.now() - started) / 1000), errors, ...(firstError === undefined ? {} : { firstError }) }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function loadRun(): Promise<{ mocks: Awaited<ReturnType<typeof load>>; bare: Awaited<ReturnType<typeof load>>; mockTargets: number; bareTargets: number }> {
  const mocks = await startMocks({ ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])) })
  const bareServer = await startBarePrism()
  try {
    const mockTargets = mockProviders.flatMap(({ table }) => targets(table, (server) => mocks.servers.find((candidate) => candidate.provider.id === table.id && candidate.server === server)!.url))
    const bareTargets = targets(bareProvider, () => bareServer.url)
    await load(mockTargets, 200) // warm-up: JIT and keep-alive connections
    await load(bareTargets, 200)
    return { mocks: await load(mockTargets, totalRequests), bare: await load(bareTargets, totalRequests), mockTargets: mockTargets.length, bareTargets: bareTargets.length }
  } finally {
    bareServer.child.kill('SIGTERM')
    await mocks.stop()
  }
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
  const { mocks, bare, mockTargets, bareTargets } = await loadRun()
  const format = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(', ')
  const servers = mockServerSpecs().length
  console.log(`pnpm bench:mock (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`)
  console.log(`| Measure | sorakit mocks (${servers} servers, ${mockProviders.length} documents) | bare Prism (${bareProvider.id} document) | ratio |`)
  console.log('|---|---|---|---|')
  const startRow = (label: string, seconds: readonly number[]) =>
    `| ${label}, median of ${rounds} (s) | ${median(seconds).toFixed(2)} (${format(seconds)}) | ${median(bareSeconds).toFixed(2)} (${format(bareSeconds)}) | ${(median(seconds) / median(bareSeconds)).toFixed(2)}x |`
  console.log(startRow('start until every server answers, check remembered', mockSeconds))
  console.log(startRow('start until every server answers, check run', coldSeconds))
  console.log(`| ${totalRequests.toLocaleString('en')} requests at ${concurrency} concurrent (requests/s) | ${mocks.perSecond.toFixed(0)} over ${mockTargets} request kinds | ${bare.perSecond.toFixed(0)} over ${bareTargets} request kinds | ${(mocks.perSecond / bare.perSecond).toFixed(2)}x |`)
  console.log(`| errors | ${mocks.errors} | ${bare.errors} | |`)
  for (const [name, result] of [['mocks', mocks], ['bare Prism', bare]] as const) if (result.firstError) console.error(`first ${name} error: ${result.firstError}`)
  if (mocks.errors + bare.errors > 0) process.exitCode = 1
}

await main()
