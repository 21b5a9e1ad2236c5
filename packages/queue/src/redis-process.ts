import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A `redis-server` this process started (tests, the load script); not part of the package's API. */
export interface RedisProcess {
  host: string
  port: number
  /** The folder of its data (append-only file, dump). */
  directory: string
  /** Stops it (SIGTERM, then SIGKILL) and removes its folder unless `keepDirectory`. */
  stop(options?: { keepDirectory?: boolean }): Promise<void>
  /** Kills it with SIGKILL and starts it again on the same port and folder (the append-only file restores the data). */
  restart(): Promise<void>
}

/** Options of `startRedis`. */
export interface StartRedisOptions {
  /** Turn the append-only file on, so a restart keeps the queue. Default: false. */
  appendOnly?: boolean
  /**
   * When the append-only file reaches the disk: `always` loses nothing to a kill -9 (the load test
   * kills Redis), `everysec` may lose the last second of writes. Default: `everysec`.
   */
  appendFsync?: 'always' | 'everysec'
  /** The redis-server binary. Default: `redis-server` on PATH (Debian's package; `pnpm bootstrap` installs it). */
  binary?: string
}

/** Starts `redis-server` on a free port of 127.0.0.1 with a new temporary folder, and waits until it answers. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisProcess> {
  const directory = await mkdtemp(path.join(tmpdir(), 'sorakit-redis-'))
  const port = await freePort()
  const host = '127.0.0.1'
  const args = [
    '--port',
    String(port),
    '--bind',
    host,
    '--dir',
    directory,
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    options.appendFsync ?? 'everysec',
    '--protected-mode',
    'no',
    '--loglevel',
    'warning',
  ]
  const binary = options.binary ?? 'redis-server'
  let child = await launch(binary, args, port)
  return {
    host,
    port,
    directory,
    async stop(stopOptions = {}) {
      await terminate(child)
      if (!stopOptions.keepDirectory) await rm(directory, { recursive: true, force: true })
    },
    async restart() {
      child.kill('SIGKILL')
      await exited(child)
      child = await launch(binary, args, port)
    },
  }
}

async function launch(binary: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(`Cannot start ${binary} (install it: sh packages/queue/scripts/ensure-redis.sh): ${error.message}`),
      ),
    )
    child.once('exit', (code) => reject(new Error(`${binary} exited with ${code}: ${stderr}`)))
  })
  failed.catch(() => undefined)
  await Promise.race([answers(port), failed])
  return child
}

// Ready when PING answers PONG over a plain socket (no client library needed).
async function answers(port: number): Promise<void> {
  const { connect } = await import('node:net')
  for (let attempt = 0; attempt < 200; attempt++) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => socket.write('PING\r\n'))
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))))
      socket.once('error', () => resolve(false))
    })
    if (pong) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server on port ${port} did not answer`)
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
  await exited(child)
  clearTimeout(timer)
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
