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

/**
 * Checks before any task is created that `--out` can be written: its folder exists, it is not a folder,
 * and a file can be created next to it (the download's temporary file goes there). Permission bits do
 * not tell (root ignores them; `/proc` refuses new files whatever they say), so a probe file is made and removed.
 */
export async function checkOutputPath(outPath: string, overwrite = false): Promise<string> {
  const absolute = path.resolve(outPath)
  const folder = await stat(path.dirname(absolute)).catch(() => undefined)
  if (!folder?.isDirectory())
    throw new CliUsageError(
      `--out ${outPath}: the folder ${path.dirname(absolute)} does not exist; create it or pick another path`,
    )
  const existing = await stat(absolute).catch(() => undefined)
  if (existing?.isDirectory())
    throw new CliUsageError(`--out ${outPath} is a folder; give a file name, e.g. ${path.join(outPath, 'video.mp4')}`)
  if (existing !== undefined && !overwrite) {
    throw new CliUsageError(`--out ${outPath} exists; pass --force to overwrite it, or pick another path`)
  }
  const probe = temporaryPathFor(absolute)
  try {
    await (await open(probe, 'wx')).close()
    await rm(probe, { force: true })
  } catch (error) {
    throw new CliUsageError(
      `--out ${outPath}: cannot write in ${path.dirname(absolute)} (${(error as NodeJS.ErrnoException).code ?? describe(error)}); pick a folder you can write to`,
    )
  }
  return absolute
}

/**
 * The temporary file a download of `outPath` is written to before its rename: hidden, next to it, never an existing
 * name.
 */
function temporaryPathFor(outPath: string): string {
  return path.join(path.dirname(outPath), `.${path.basename(outPath)}.${randomUUID()}.part`)
}

/**
 * Streams `url` into a temporary file next to `outPath`, flushes it to disk, then renames it into
 * place: `outPath` is either the whole video or untouched, whatever fails or interrupts.
 */
export async function downloadAtomically(
  url: string,
  outPath: string,
  signal: AbortSignal,
): Promise<{ path: string; bytes: number }> {
  const temporary = temporaryPathFor(outPath)
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
    } catch (error) {
      // A body cut mid-way ("terminated"), a full disk...: a download error, which the caller completes with how to
      // fetch again.
      if (signal.aborted) throw error
      throw new DownloadError(`Could not download ${url}: ${describe(error)}`, { cause: error })
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
