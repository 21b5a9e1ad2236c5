import { gzipSync } from 'node:zlib'
import type { ApiReferenceSite } from './api-reference-site.js'

/** Bytes of one provider page as a browser fetches it on a first visit: the HTML and the Scalar bundle. */
export interface PageWeight {
  providerId: string
  displayName: string
  html: { raw: number; gzip: number }
  script: { raw: number; gzip: number }
  total: { raw: number; gzip: number }
}

/** Page weight of every provider page; gzip at level 9, as the mocks' /docs serve it. */
export function pageWeights(site: ApiReferenceSite): PageWeight[] {
  const script = sizes(site.script)
  return site.pages.map((page) => {
    const html = sizes(Buffer.from(page.html))
    return {
      providerId: page.providerId,
      displayName: page.displayName,
      html,
      script,
      total: { raw: html.raw + script.raw, gzip: html.gzip + script.gzip },
    }
  })
}

function sizes(bytes: Buffer): { raw: number; gzip: number } {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/** The weights as a markdown table, in kB (1000 bytes). */
export function pageWeightTable(weights: readonly PageWeight[]): string {
  const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
  return [
    '| Provider | Page (HTML with the document inlined) | Scalar bundle (shared, cached) | First visit | First visit, gzip |',
    '|---|---|---|---|---|',
    ...weights.map(
      (weight) =>
        `| ${weight.displayName} | ${kilobytes(weight.html.raw)} (gzip ${kilobytes(weight.html.gzip)}) | ${kilobytes(weight.script.raw)} (gzip ${kilobytes(weight.script.gzip)}) | ${kilobytes(weight.total.raw)} | ${kilobytes(weight.total.gzip)} |`,
    ),
  ].join('\n')
}
