import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { tsHeader } from './package-naming.js'
import type { MergedProvider } from './provider-merge.js'

type PendingRequest = { resolve: (text: string) => void; reject: (error: Error) => void }

/**
 * Generates types with openapi-typescript's Node API in a worker thread. Loading openapi-typescript
 * (and the TypeScript compiler it imports) takes most of a codegen run, so the worker starts loading
 * it as soon as codegen starts, while the main thread loads, merges and validates the specs.
 */
export class TypesGenerator {
  private static shared: TypesGenerator | undefined

  /**
   * One worker per process, started on first use: a long-lived process (tests, a watcher) loads
   * openapi-typescript once. The worker keeps the process alive only while a request is pending.
   */
  static start(): TypesGenerator {
    TypesGenerator.shared ??= new TypesGenerator()
    return TypesGenerator.shared
  }

  // From the package's dist/ whether this module runs from dist/ or, under vitest, from src/. A
  // worker inherits the parent's execArgv, which may hold `--eval <code>`: start it with none.
  private readonly worker = new Worker(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/package-types-worker.js'),
    { execArgv: [] },
  )
  private readonly pending = new Map<number, PendingRequest>()
  private nextId = 0

  // Listeners first, unref last: adding a 'message' listener refs the worker's port again, and a
  // referenced worker that is still loading openapi-typescript keeps a failed CLI run alive for ever.
  private constructor() {
    this.worker.on('message', ({ id, text, error }: { id: number; text?: string; error?: string }) => {
      const request = this.pending.get(id)!
      this.pending.delete(id)
      if (this.pending.size === 0) this.worker.unref()
      if (error === undefined) request.resolve(text!)
      else request.reject(new Error(`openapi-typescript failed: ${error}`))
    })
    this.worker.on('error', (error) => this.failAll(error))
    this.worker.on('exit', (code) => this.failAll(new Error(`the openapi-typescript worker exited with code ${code}`)))
    this.worker.unref()
  }

  private failAll(error: Error): void {
    for (const request of this.pending.values()) request.reject(error)
    this.pending.clear()
    if (TypesGenerator.shared === this) TypesGenerator.shared = undefined
  }

  async typesModule(merged: MergedProvider): Promise<string> {
    const id = this.nextId++
    const text = await new Promise<string>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref()
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, document: merged.document })
    })
    return tsHeader(merged.manifest) + '\n' + text
  }
}
