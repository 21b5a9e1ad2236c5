import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// The lifecycle engine runs unchanged in a browser worker (the MSW mode): it must bundle for the browser
// with no Node built-in, and its bundle must not pull Prism.
describe('src/engine', () => {
  it('bundles for the browser without Node built-ins or Prism', async () => {
    const result = await build({
      entryPoints: [new URL('../src/engine/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((input) => /^node:|prism/.test(input))).toEqual([])
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(1000)
  })
})
