import { describe, expect, it } from 'vitest'
import { TaskStore } from '@sorakit/mock-msw/engine'

// The store is bounded by the bytes of its tasks' requests, not only by their count; the request logs by size.

describe('TaskStore byte bound', () => {
  it('forgets the oldest tasks once their requests pass maxBytes, and keeps the newest alone over it', () => {
    const store = new TaskStore<{ id: string; createdAt: number; bytes: number }>({ maxBytes: 1_000 })
    expect(store.maxBytes).toBe(1_000)
    store.add({ id: 'a', createdAt: 0, bytes: 400 }, 0)
    store.add({ id: 'b', createdAt: 1, bytes: 400 }, 1)
    expect(store.add({ id: 'c', createdAt: 2, bytes: 400 }, 2).map((task) => task.id)).toEqual(['a'])
    expect(store.bytes).toBe(800)
    expect(store.add({ id: 'd', createdAt: 3, bytes: 5_000 }, 3).map((task) => task.id)).toEqual(['b', 'c'])
    expect(store.list(3).map((task) => task.id)).toEqual(['d'])
    store.clear()
    expect(store.bytes).toBe(0)
  })

  it('defaults to 64 MiB', () => {
    expect(new TaskStore().maxBytes).toBe(64 * 1024 * 1024)
  })
})

describe('BoundedLogFile', () => {
  it('cuts long lines and moves a full file to <file>.1, so a log never passes twice maxBytes', async () => {
    const { mkdtempSync, readFileSync, rmSync, statSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { BoundedLogFile } = await import('../src/bounded-log-file.js')
    const folder = mkdtempSync(`${tmpdir()}/sorakit-mock-log-test-`)
    try {
      const log = new BoundedLogFile(`${folder}/kie.log`, { maxBytes: 1_000, maxLineBytes: 100 })
      log.write(`${'x'.repeat(500)}\n`)
      expect(readFileSync(`${folder}/kie.log`, 'utf8')).toBe(`${'x'.repeat(100)} … (line of 501 bytes cut)\n`)
      for (let line = 0; line < 50; line++) log.write(`${'y'.repeat(60)}\n`)
      log.end()
      expect(statSync(`${folder}/kie.log`).size).toBeLessThanOrEqual(1_000)
      expect(statSync(`${folder}/kie.log.1`).size).toBeLessThanOrEqual(1_000)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
