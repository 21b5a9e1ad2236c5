import { closeSync, openSync, renameSync, statSync, writeSync } from 'node:fs'

/** Bounds of a {@link BoundedLogFile}. */
export interface LogFileLimits {
  /**
   * Size at which the file is moved to `<file>.1` (replacing the previous one) and started anew, in bytes. Default:
   * 8388608 (8 MiB).
   */
  maxBytes?: number
  /** Longest line kept; a longer one is cut and marked, in bytes. Default: 32768 (32 KiB). */
  maxLineBytes?: number
}

/**
 * A request log (a pino destination: an object with `write(line)`) that never grows past twice `maxBytes`:
 * a mock left running for days must not fill the disk. Hand-written because pino 6 (Prism's) has no
 * rotating destination and none is a dependency here; writes are synchronous, one small line per request.
 */
export class BoundedLogFile {
  private descriptor: number
  private size: number
  private readonly maxBytes: number
  private readonly maxLineBytes: number

  constructor(
    readonly file: string,
    limits: LogFileLimits = {},
  ) {
    this.maxBytes = limits.maxBytes ?? 8 * 1024 * 1024
    this.maxLineBytes = limits.maxLineBytes ?? 32 * 1024
    this.descriptor = openSync(file, 'a')
    this.size = statSync(file).size
  }

  write(line: string): boolean {
    let bytes = Buffer.from(line, 'utf8')
    if (bytes.length > this.maxLineBytes)
      bytes = Buffer.concat([
        bytes.subarray(0, this.maxLineBytes),
        Buffer.from(` … (line of ${bytes.length} bytes cut)\n`),
      ])
    if (this.size + bytes.length > this.maxBytes) this.rotate()
    writeSync(this.descriptor, bytes)
    this.size += bytes.length
    return true
  }

  end(callback?: () => void): void {
    closeSync(this.descriptor)
    callback?.()
  }

  private rotate(): void {
    closeSync(this.descriptor)
    renameSync(this.file, `${this.file}.1`)
    this.descriptor = openSync(this.file, 'a')
    this.size = 0
  }
}
