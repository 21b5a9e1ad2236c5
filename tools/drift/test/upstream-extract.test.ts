import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '@sorakit/codegen'
import { extractUpstream, sourceUrl } from '../src/upstream-extract.js'
import { fetchUpstream } from '../src/upstream-fetch.js'
import { fetchAndExtract } from '../src/upstream-pull.js'
import { closedPort, startLoopbackServer, type LoopbackServer } from './loopback-server.js'
import { apidogPage, apikleyHtmlPage, mintlifyPage, upstreamYaml } from './upstream-pages.js'

// The sha256 values recorded in specs/*/manifest.json for these upstream texts.
const recorded = {
  getTaskDetail: 'cbb417a105348134d2ca74e16bde6c601b28d22552bfe1972f215a008a1dab06',
  charactersApidog: 'd1692a90cfd6b1402dc688a1a843066a6e0e41e7c4288d2f6f5e29001038c8fb',
  apikleyProTextToVideo: '8cf5d907109bf4a3a3d9103f4df7ca242e32c1d1abc35e0cb49ad2d2633b3348',
  apikleyImageToVideoFlattened: '7bea4656d9c0eb52df6ba5a7572b40f3fd0ee4dfc65867074ac7edf03d6ae938',
}
const taskDetailHeader = 'market/common/get-task-detail.json get /api/v1/jobs/recordInfo'
const mintlifyRecord = { form: 'mintlify-block', block: taskDetailHeader } as const

let server: LoopbackServer

beforeAll(async () => {
  const taskDetail = upstreamYaml('kie-get-task-detail.yaml')
  server = await startLoopbackServer({
    '/market/common/get-task-detail.md': {
      contentType: 'text/markdown; charset=utf-8',
      body: mintlifyPage('Get Task Details', taskDetailHeader, taskDetail),
    },
    '/crlf.md': {
      contentType: 'text/markdown',
      body: mintlifyPage('Get Task Details', taskDetailHeader, taskDetail).replaceAll('\n', '\r\n'),
    },
    '/no-block.md': {
      contentType: 'text/markdown',
      body: '# Get Task Details\n\nThe OpenAPI block moved elsewhere.\n',
    },
    '/unclosed.md': {
      contentType: 'text/markdown',
      body: mintlifyPage('Get Task Details', taskDetailHeader, taskDetail).replace(/````\n$/, ''),
    },
    '/broken-yaml.md': {
      contentType: 'text/markdown',
      body: mintlifyPage('Get Task Details', taskDetailHeader, 'openapi: 3.0.0\ninfo:\n  title: x\n   version: [\n'),
    },
    '/other-header.md': {
      contentType: 'text/markdown',
      body: mintlifyPage('Credits', 'common-api/common-api.json get /api/v1/chat/credit', taskDetail),
    },
    '/characters.md': {
      contentType: 'text/markdown',
      body: apidogPage('Sora 2 characters', upstreamYaml('kie-sora-2-characters.apidog.yaml')),
    },
    '/Sora-2/sora-2-pro-text-to-video': {
      contentType: 'text/html; charset=utf-8',
      body: apikleyHtmlPage('Sora-2-pro-text-to-video', upstreamYaml('apikley-sora-2-pro-text-to-video.yaml')),
    },
    '/server-error.md': { status: 503, contentType: 'text/plain', body: 'maintenance' },
    '/slow.md': 'hang',
  })
})

afterAll(async () => {
  await server.close()
})

describe('sourceUrl', () => {
  it('reads the markdown source of a docs page for block forms, the page itself otherwise', () => {
    expect(sourceUrl({ url: 'https://docs.kie.ai/market/common/get-task-detail', form: 'mintlify-block' })).toBe(
      'https://docs.kie.ai/market/common/get-task-detail.md',
    )
    expect(sourceUrl({ url: 'https://docs.kie.ai/x/spec.yaml', form: 'apidog-export' })).toBe(
      'https://docs.kie.ai/x/spec.yaml',
    )
    expect(sourceUrl({ url: 'https://docs.apikley.ru/Sora-2/sora-2-characters', form: 'page-text' })).toBe(
      'https://docs.apikley.ru/Sora-2/sora-2-characters',
    )
  })
})

describe('fetching and extracting from loopback pages', () => {
  it('extracts the Mintlify block byte for byte: its sha256 is the one the manifest records', async () => {
    const result = await fetchAndExtract(
      { url: `${server.origin}/market/common/get-task-detail`, ...mintlifyRecord },
      {},
      false,
    )
    expect(result.url).toBe(`${server.origin}/market/common/get-task-detail.md`)
    expect(result.extraction.ok && sha256Hex(result.extraction.text)).toBe(recorded.getTaskDetail)
  })

  it('normalises CRLF line endings before hashing', async () => {
    const result = await fetchAndExtract({ url: `${server.origin}/crlf.md`, ...mintlifyRecord }, {}, false)
    expect(result.extraction.ok && sha256Hex(result.extraction.text)).toBe(recorded.getTaskDetail)
  })

  it('extracts an Apidog export from its page', async () => {
    const result = await fetchAndExtract({ url: `${server.origin}/characters.md`, form: 'apidog-export' }, {}, false)
    expect(result.extraction.ok && sha256Hex(result.extraction.text)).toBe(recorded.charactersApidog)
  })

  it('takes Apikley page text from the HTML page, from `openapi: 3.0.0` to the end', async () => {
    const result = await fetchAndExtract(
      { url: `${server.origin}/Sora-2/sora-2-pro-text-to-video`, form: 'page-text' },
      {},
      false,
    )
    expect(result.extraction.ok && sha256Hex(result.extraction.text)).toBe(recorded.apikleyProTextToVideo)
  })

  it('does not take the older Mintlify block of a page for its Apidog export', async () => {
    const result = await fetchAndExtract(
      { url: `${server.origin}/market/common/get-task-detail`, form: 'apidog-export' },
      {},
      false,
    )
    expect(result.extraction).toEqual({
      ok: false,
      reason: expect.stringContaining(
        "the page carries a Mintlify block ('market/common/get-task-detail.json get /api/v1/jobs/recordInfo'), not an Apidog export",
      ),
    })
  })

  it('reports a page without the block as malformed, not unreachable', async () => {
    const result = await fetchAndExtract({ url: `${server.origin}/no-block.md`, ...mintlifyRecord }, {}, false)
    expect(result.unreachable).toBe(false)
    expect(result.extraction).toEqual({ ok: false, reason: expect.stringContaining('no "## OpenAPI" heading') })
  })

  it('reports an unclosed block, a block that does not parse, and a block for another operation', async () => {
    const unclosed = await fetchAndExtract({ url: `${server.origin}/unclosed.md`, ...mintlifyRecord }, {}, false)
    expect(unclosed.extraction).toEqual({ ok: false, reason: expect.stringContaining('never closed') })
    const broken = await fetchAndExtract({ url: `${server.origin}/broken-yaml.md`, ...mintlifyRecord }, {}, false)
    expect(broken.extraction).toEqual({
      ok: false,
      reason: expect.stringContaining('does not parse: upstream block: malformed YAML at line'),
    })
    const other = await fetchAndExtract({ url: `${server.origin}/other-header.md`, ...mintlifyRecord }, {}, false)
    expect(other.extraction).toEqual({
      ok: false,
      reason: expect.stringContaining("the block header is 'common-api/common-api.json get /api/v1/chat/credit'"),
    })
  })

  it('reports HTTP errors, refused connections and timeouts as unreachable with the reason', async () => {
    const status = await fetchAndExtract({ url: `${server.origin}/server-error.md`, ...mintlifyRecord }, {}, false)
    expect(status).toMatchObject({
      unreachable: true,
      extraction: { ok: false, reason: expect.stringContaining('HTTP 503') },
    })
    const refused = await fetchUpstream(`http://127.0.0.1:${await closedPort()}/page.md`)
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining('connection refused (ECONNREFUSED)') })
    const slow = await fetchUpstream(`${server.origin}/slow.md`, { timeoutMs: 200 })
    expect(slow).toEqual({ ok: false, reason: expect.stringContaining('within 200 ms (timeout)') })
  })

  it('accepts a flattened page text only when asked to (its repair happens on --write)', () => {
    const flattened = upstreamYaml('apikley-sora-2-image-to-video.flattened.yaml')
    const page = `Sora-2-image-to-video\n\n${flattened}`
    expect(extractUpstream(page, 'text/plain', { form: 'page-text' }).ok).toBe(false)
    const taken = extractUpstream(page, 'text/plain', { form: 'page-text' }, true)
    expect(taken.ok && sha256Hex(taken.text)).toBe(recorded.apikleyImageToVideoFlattened)
  })
})
