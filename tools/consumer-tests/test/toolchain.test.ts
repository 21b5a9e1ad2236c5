import { readFile } from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { repositoryRoot } from '../src/consumer-project.js'

// This machine runs Node 20; CI and contributors may run Node 24 LTS. The lockfile records each
// package's `engines`, so both can be checked here without a second Node installed.
const supportedNodeVersions = ['20.19.0', '24.11.0']

describe('toolchain', () => {
  it.each(supportedNodeVersions)('every locked package allows Node %s', async (version) => {
    const lockfile = parse(await readFile(path.join(repositoryRoot, 'pnpm-lock.yaml'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>
    }
    const packages = Object.entries(lockfile.packages)
    expect(packages.length).toBeGreaterThan(100)
    const refusing = packages
      .filter(([, entry]) => entry.engines?.node !== undefined && !semver.satisfies(version, entry.engines.node))
      .map(([name, entry]) => `${name} (engines.node ${entry.engines!.node})`)
    expect(refusing).toEqual([])
  })

  it('the root package declares the same support', async () => {
    const manifest = JSON.parse(await readFile(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
      engines: { node: string }
    }
    for (const version of supportedNodeVersions) expect(semver.satisfies(version, manifest.engines.node)).toBe(true)
  })
})

// That turbo's cache key includes the Node version is proven with real binaries by .ci/turbo-cache-key-check.mjs
// (`pnpm test:release`, after `pnpm test`), which a test here repeated.
