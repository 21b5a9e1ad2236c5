// One mock host for every project of a vitest run that needs a real mock server (`pnpm test`: the mock,
// CLI and AI SDK suites; `pnpm test:release`: the mock's contract suite). Each project's globalSetup
// runs in the one vitest process, so the first to ask starts the host and the last teardown stops it.
// The starter is passed in (each package resolves `@sorakit/mock` itself; this root file cannot).

/** The options every suite's shared mocks run with, declared once. */
export const sharedMockOptions = {
  // Prism's --errors: a mocked response that violates its document becomes a 500 and fails a test.
  errors: true,
  logLevel: 'warn',
  // `pnpm test` runs `pnpm codegen --check` before any test, so the launcher need not repeat it.
  checkSpecs: false,
  // Short, so tests see every state quickly; polls of the in-process CLI and facade run on a fast clock.
  lifecycleMs: 400,
  webhookKey: 'contract-test-webhook-key',
} as const

interface Stoppable {
  stop(): Promise<void>
}

interface SharedHost {
  started: Promise<Stoppable>
  users: number
}

const key = Symbol.for('sorakit.vitest.sharedMocks')
const registry = globalThis as typeof globalThis & { [key]?: SharedHost }

/** The running mocks (started by `start` on first use) and the teardown for this user. */
export async function acquireSharedMocks<Mocks extends Stoppable>(
  start: () => Promise<Mocks>,
): Promise<{ mocks: Mocks; release: () => Promise<void> }> {
  const host = (registry[key] ??= { started: start(), users: 0 })
  host.users += 1
  const mocks = (await host.started) as Mocks
  const release = async () => {
    host.users -= 1
    if (host.users > 0) return
    delete registry[key]
    await mocks.stop()
  }
  return { mocks, release }
}
