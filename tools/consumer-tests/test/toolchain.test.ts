import { readFile } from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { repositoryRoot, run } from '../src/consumer-project.js'

// This machine runs Node 20; CI and contributors may run Node 24 LTS. The lockfile records each
// package's `engines`, so both can be checked here without a second Node installed.
const supportedNodeVersions = ['20.19.0', '24.11.0']

describe('toolchain', () => {
  it.each(supportedNodeVersions)('every locked package allows Node %s', async (version) => {
    const lockfile = parse(await readFile(path.join(repositoryRoot, 'pnpm-lock.yaml'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> }
    const packages = Object.entries(lockfile.packages)
    expect(packages.length).toBeGreaterThan(100)
    const refusing = packages.filter(([, entry]) => entry.engines?.node !== undefined && !semver.satisfies(version, entry.engines.node)).map(([name, entry]) => `${name} (engines.node ${entry.engines!.node})`)
    expect(refusing).toEqual([])
  })

  it('the root package declares the same support', async () => {
    const manifest = JSON.parse(await readFile(path.join(repositoryRoot, 'package.json'), 'utf8')) as { engines: { node: string } }
    for (const version of supportedNodeVersions) expect(semver.satisfies(version, manifest.engines.node)).toBe(true)
  })
})

// .ci/run proves the same with real binaries: after the Node 20 `pnpm test`, a Node 24 dry run
// finds no cached task (.ci/turbo-cache-key-check.mjs).
describe("turbo's cache key", () => {
  async function taskHashes(userAgent: string): Promise<Record<string, string>> {
    const turbo = path.join(repositoryRoot, 'node_modules/.bin/turbo')
    const { stdout } = await run(turbo, ['run', 'build', 'test', '--filter=@sorakit/package-policy', '--dry=json'], { cwd: repositoryRoot, env: { ...process.env, npm_config_user_agent: userAgent } })
    const summary = JSON.parse(stdout) as { tasks: Array<{ taskId: string; hash: string }> }
    return Object.fromEntries(summary.tasks.map((task) => [task.taskId, task.hash]))
  }

  it('pnpm tells every script the running Node version', async () => {
    const { stdout } = await run('pnpm', ['exec', 'node', '--print', 'process.env.npm_config_user_agent'], { cwd: repositoryRoot })
    expect(stdout).toContain(`node/${process.version} `)
  })

  it('changes with the Node version, so a Node 24 run never replays Node 20 results', async () => {
    const [node20, node20Again, node24] = await Promise.all([
      taskHashes('pnpm/10.34.8 npm/? node/v20.19.0 linux x64'),
      taskHashes('pnpm/10.34.8 npm/? node/v20.19.0 linux x64'),
      taskHashes('pnpm/10.34.8 npm/? node/v24.21.0 linux x64'),
    ])
    expect(Object.keys(node20)).toEqual(['@sorakit/package-policy#build', '@sorakit/package-policy#test'])
    expect(node20Again).toEqual(node20)
    for (const task of Object.keys(node20)) expect(node24[task], task).not.toBe(node20[task])
  })
})
