import { randomUUID } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { CliUsageError } from './cli-errors.js'

/** The download failed; the task's result is still there (`sorakit wait` fetches it again). */
export class DownloadError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options)
    this.name = 'DownloadError'
  }
}

/** Checks before any task is created that `--out` can be written: its folder exists and it is not a folder. */
export async function checkOutputPath(outPath: string): Promise<string> {
  const absolute = path.resolve(outPath)
  const folder = await stat(path.dirname(absolute)).catch(() => undefined)
  if (!folder?.isDirectory()) throw new CliUsageError(`--out ${outPath}: the folder ${path.dirname(absolute)} does not exist; create it or pick another path`)
  const existing = await stat(absolute).catch(() => undefined)
  if (existing?.isDirectory()) throw new CliUsageError(`--out ${outPath} is a folder; give a file name, e.g. ${path.join(outPath, 'video.mp4')}`)
  return absolute
}

/**
 * Streams `url` into a temporary file next to `outPath`, flushes it to disk, then renames it into
 * place: `outPath` is either the whole video or untouched, whatever fails or interrupts.
 */
export async function downloadAtomically(url: string, outPath: string, signal: AbortSignal): Promise<{ path: string; bytes: number }> {
  const temporary = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${randomUUID()}.part`)
  try {
    const response = await fetch(url, { signal }).catch((error: unknown) => {
      throw new DownloadError(`Could not download ${url}: ${describe(error)}`, { cause: error })
    })
    if (!response.ok || response.body === null) {
      await response.body?.cancel()
      throw new DownloadError(`Could not download ${url}: HTTP ${response.status}`)
    }
    const file = await open(temporary, 'wx')
    try {
      // fetch's signal also ends the body: Ctrl-C stops this loop with an AbortError.
      const reader = response.body.getReader()
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) await file.write(chunk.value)
      await file.sync()
    } finally {
      await file.close()
    }
    const { size } = await stat(temporary)
    await rename(temporary, outPath)
    return { path: outPath, bytes: size }
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message
  return cause ?? (error instanceof Error ? error.message : String(error))
}
