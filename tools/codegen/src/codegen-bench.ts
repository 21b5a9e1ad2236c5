#!/usr/bin/env node
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/**
 * Wall time of whole-repo codegen (all providers, one process) and of `codegen --check`, next to
 * one openapi-typescript CLI run on one bundled document. The three commands run interleaved,
 * round after round, so a noisy machine slows them alike; medians are compared.
 */
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } })
const rounds = Number(values.rounds)
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const codegenCli = path.join(repositoryRoot, 'tools/codegen/dist/codegen-cli.js')
const require = createRequire(import.meta.url)
const openapiTypescriptPackage = require.resolve('openapi-typescript/package.json')
const openapiTypescriptCli = path.join(
  path.dirname(openapiTypescriptPackage),
  (JSON.parse(readFileSync(openapiTypescriptPackage, 'utf8')) as { bin: Record<string, string> }).bin[
    'openapi-typescript'
  ]!,
)
const scratch = mkdtempSync(path.join(tmpdir(), 'sorakit-bench-'))

const baselineName = 'openapi-typescript CLI, packages/kie/openapi.json only'
// [program, ...arguments]; `pnpm codegen` adds pnpm's and turbo's start-up (the cached build check of the tool).
const commands: Record<string, string[]> = {
  'codegen CLI, 3 providers (tools/codegen/dist/codegen-cli.js)': [process.execPath, codegenCli],
  'codegen CLI --check': [process.execPath, codegenCli, '--check'],
  'pnpm codegen (turbo build check, then the CLI)': ['pnpm', '--silent', 'codegen'],
  [baselineName]: [
    process.execPath,
    openapiTypescriptCli,
    path.join(repositoryRoot, 'packages/kie/openapi.json'),
    '--output',
    path.join(scratch, 'kie.ts'),
  ],
}
const timings = new Map<string, number[]>(Object.keys(commands).map((name) => [name, []]))

for (let round = 0; round < rounds; round += 1) {
  for (const [name, [program, ...args]] of Object.entries(commands)) {
    const started = performance.now()
    const result = spawnSync(program!, args, { cwd: repositoryRoot, encoding: 'utf8' })
    const elapsed = performance.now() - started
    if (result.status !== 0) throw new Error(`${name} failed:\n${result.stderr}`)
    timings.get(name)!.push(elapsed)
  }
}
rmSync(scratch, { recursive: true, force: true })

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
const baseline = median(timings.get(baselineName)!)
console.log(`Node ${process.version}, ${rounds} interleaved rounds\n`)
console.log('| Command | Median | Min | vs one openapi-typescript run |')
console.log('|---|---|---|---|')
for (const [name, samples] of timings) {
  console.log(
    `| ${name} | ${Math.round(median(samples))} ms | ${Math.round(Math.min(...samples))} ms | ${(median(samples) / baseline).toFixed(2)}x |`,
  )
}
