#!/usr/bin/env node
// Makes media/sample.mp4, the video the mock serves at every result URL, or with the argument `portrait`
// media/sample-portrait.mp4, served for a task that asked for a portrait ratio: 2 s of FFmpeg's `testsrc2`
// pattern (synthetic, made here, no third-party footage), 320x180 (180x320), 24 fps, H.264 baseline, yuv420p,
// `+faststart`, no audio: a file every browser's <video> plays. Run it only to change the file, which is
// committed (the mock needs no encoder at run time):
//   FFMPEG=/path/to/ffmpeg node scripts/make-sample-video.mjs
// or with the npm package that ships a static FFmpeg: `npm install --no-save @ffmpeg-installer/ffmpeg@1.1.0` first.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

function ffmpegPath() {
  if (process.env.FFMPEG) return process.env.FFMPEG
  try {
    return createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg').path
  } catch {
    console.error('No FFmpeg: set FFMPEG=/path/to/ffmpeg, or `npm install --no-save @ffmpeg-installer/ffmpeg@1.1.0`')
    process.exit(2)
  }
}

const portrait = process.argv[2] === 'portrait'
const output = fileURLToPath(
  new URL(portrait ? '../media/sample-portrait.mp4' : '../media/sample.mp4', import.meta.url),
)
const args = [
  '-y',
  '-hide_banner',
  '-loglevel',
  'error',
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${portrait ? '180x320' : '320x180'}:rate=24:duration=2`,
  '-c:v',
  'libx264',
  '-profile:v',
  'baseline',
  '-pix_fmt',
  'yuv420p',
  '-preset',
  'veryslow',
  '-crf',
  '32',
  '-movflags',
  '+faststart',
  '-map_metadata',
  '-1',
  '-fflags',
  '+bitexact',
  '-flags:v',
  '+bitexact',
  output,
]
execFileSync(ffmpegPath(), args, { stdio: 'inherit' })
console.log(`wrote ${output}`)
