import { isPortraitMediaPath } from './engine/index.js'
import { portraitSampleVideoBase64, sampleVideoBase64 } from './sample-video.gen.js'

const decoded: { landscape?: Uint8Array; portrait?: Uint8Array } = {}

/** media/sample.mp4 (or sample-portrait.mp4), decoded once on first use (atob: browsers, workers and Node alike). */
export function sampleVideoBytes(orientation: 'landscape' | 'portrait' = 'landscape'): Uint8Array {
  decoded[orientation] ??= Uint8Array.from(
    atob(orientation === 'portrait' ? portraitSampleVideoBase64 : sampleVideoBase64),
    (character) => character.charCodeAt(0),
  )
  return decoded[orientation]
}

/**
 * The video answer of a `/__mock/media/` URL, as the server mode sends it: one `Range` honoured (browsers
 * ask for `bytes=0-` and seek), 416 for a range past the end.
 */
export function mediaResponse(request: Request, headers: Record<string, string>): Response {
  const media = sampleVideoBytes(isPortraitMediaPath(new URL(request.url).pathname) ? 'portrait' : 'landscape')
  const base = { ...headers, 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes' }
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '')
  const body = (bytes: Uint8Array) => (request.method === 'HEAD' ? null : bytes.slice())
  if (range && (range[1] !== '' || range[2] !== '')) {
    const start = range[1] === '' ? Math.max(0, media.length - Number(range[2])) : Number(range[1])
    const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), media.length - 1) : media.length - 1
    if (start >= media.length || start > end)
      return new Response(null, { status: 416, headers: { ...base, 'Content-Range': `bytes */${media.length}` } })
    return new Response(body(media.subarray(start, end + 1)), {
      status: 206,
      headers: {
        ...base,
        'Content-Range': `bytes ${start}-${end}/${media.length}`,
        'Content-Length': String(end - start + 1),
      },
    })
  }
  return new Response(body(media), { status: 200, headers: { ...base, 'Content-Length': String(media.length) } })
}
