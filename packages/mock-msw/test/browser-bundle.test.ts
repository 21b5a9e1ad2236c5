import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// The handlers and the lifecycle engine run unchanged in a browser service worker: each entry must bundle
// for the browser with no Node built-in, and neither may pull Prism.
describe.each(['index', 'engine/index'])('src/%s.ts', (entry) => {
  it('bundles for the browser without Node built-ins or Prism', async () => {
    const result = await build({
      entryPoints: [new URL(`../src/${entry}.ts`, import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      external: ['msw'],
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((input) => /^node:|prism/.test(input))).toEqual([])
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(1000)
  })
})
