import { once } from 'node:events'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkOutputPath, downloadAtomically, DownloadError } from '../src/cli-download.js'

// A real local server that misbehaves on purpose: the download must leave `--out` whole or untouched.
const video = Buffer.alloc(256 * 1024, 7)
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/whole.mp4') return response.writeHead(200, { 'content-length': video.length }).end(video)
    if (request.url === '/missing.mp4') return response.writeHead(404).end('no such file')
    // Half the promised body, then the connection drops.
    response.writeHead(200, { 'content-length': video.length })
    response.write(video.subarray(0, video.length / 2), () => {
      if (request.url === '/dropped.mp4') response.destroy()
      // '/stalled.mp4' never sends the rest: the caller aborts.
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  server.close()
})

async function scratch(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'sorakit-download-'))
}

describe('downloadAtomically', () => {
  it('writes the whole body to the path', async () => {
    const folder = await scratch()
    const out = path.join(folder, 'video.mp4')
    await expect(downloadAtomically(`${base}/whole.mp4`, out, new AbortController().signal)).resolves.toEqual({
      path: out,
      bytes: video.length,
    })
    expect(Buffer.compare(await readFile(out), video)).toBe(0)
    expect(await readdir(folder)).toEqual(['video.mp4'])
  })

  it.each([
    ['a dropped connection', '/dropped.mp4', /terminated|aborted|closed|socket/i],
    ['an HTTP error', '/missing.mp4', /HTTP 404/],
  ])('after %s leaves an existing file untouched and no temporary file', async (_name, route, message) => {
    const folder = await scratch()
    const out = path.join(folder, 'video.mp4')
    await writeFile(out, 'the previous video')
    const error = await downloadAtomically(`${base}${route}`, out, new AbortController().signal).catch(
      (reason: unknown) => reason,
    )
    // Every download failure is a DownloadError, which the CLI completes with the command that fetches again.
    expect(error).toBeInstanceOf(DownloadError)
    expect(String((error as Error).message)).toMatch(message)
    expect(await readFile(out, 'utf8')).toBe('the previous video')
    expect(await readdir(folder)).toEqual(['video.mp4'])
  })

  it('interrupted mid-body (Ctrl-C) leaves nothing', async () => {
    const folder = await scratch()
    const controller = new AbortController()
    const download = downloadAtomically(`${base}/stalled.mp4`, path.join(folder, 'video.mp4'), controller.signal)
    setTimeout(() => controller.abort(), 200)
    await expect(download).rejects.toThrow()
    expect(await readdir(folder)).toEqual([])
  })
})

describe('checkOutputPath', () => {
  it('refuses a folder that exists but takes no new file, naming it, and leaves nothing behind', async () => {
    await expect(checkOutputPath('/proc/video.mp4')).rejects.toThrow(
      /--out \/proc\/video\.mp4: cannot write in \/proc \(\w+\); pick a folder you can write to/,
    )
    const folder = await scratch()
    await expect(checkOutputPath(path.join(folder, 'video.mp4'))).resolves.toBe(path.join(folder, 'video.mp4'))
    expect(await readdir(folder)).toEqual([])
  })
})
