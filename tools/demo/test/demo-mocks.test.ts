import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MockStartError, mockServerSpecs } from '@sorakit/mock'
import { expect, it } from 'vitest'
import { ensureDemoMocks } from '../src/demo-mocks.js'

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))

// `pnpm demo` builds without regenerating packages/ (tools/codegen/test/codegen-writers.test.ts), so
// this refusal is what a demo over a stale bundled document meets.
it('refuses to start mocks from a bundled document that is stale against specs/, naming it and `pnpm codegen`', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sorakit-demo-stale-'))
  try {
    const skip = new Set(['node_modules', 'dist', '.turbo'])
    await cp(path.join(repositoryRoot, 'specs'), path.join(root, 'specs'), { recursive: true })
    await cp(path.join(repositoryRoot, 'packages'), path.join(root, 'packages'), {
      recursive: true,
      filter: (source) => !skip.has(path.basename(source)),
    })
    await cp(path.join(repositoryRoot, 'pnpm-workspace.yaml'), path.join(root, 'pnpm-workspace.yaml'))
    const specFile = path.join(root, 'specs', 'vtrix', 'authored', 'vtrix-generation.json')
    const spec = JSON.parse(await readFile(specFile, 'utf8')) as {
      paths: Record<string, { post: { summary: string } }>
    }
    spec.paths['/model/v1/generation']!.post.summary = 'Changed upstream'
    await writeFile(specFile, JSON.stringify(spec, null, 2) + '\n')

    const freePorts = Object.fromEntries(mockServerSpecs().map((server) => [server.key, 0]))
    const error = await ensureDemoMocks({ root, ports: freePorts }).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(MockStartError)
    expect((error as MockStartError).kind).toBe('stale-specs')
    expect((error as MockStartError).message).toContain('packages/vtrix/openapi.json')
    expect((error as MockStartError).message).toContain('pnpm codegen')
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
