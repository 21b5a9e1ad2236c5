// Browser-safe: the browser test's page runs this same flow against the kie.ai mock.
import type { BuiltInProviderId, ImageToVideoInput, Sora, SoraTask, TextToVideoInput } from '@sorakit/sora'
import { familyTaskStates } from '@sorakit/provider'
import { createScenarioFetch, type FetchFunction } from './demo-scenario-fetch.js'

/**
 * The task states the demo walks for a provider of `family`, in the order a task goes through them, as the named
 * examples of the family's status operation: the family's task states (`familyTaskStates` of `@sorakit/provider`),
 * so a white label needs nothing here. `pnpm demo` checks they exist in every bundled document before running.
 */
export function taskStateExamples(family: string): readonly string[] {
  const states = familyTaskStates[family]
  if (states === undefined)
    throw new Error(
      `no task states are declared for the API family ${family}: add packages/provider/src/${family}-family-states.ts and list it in familyTaskStates`,
    )
  return [...states.running.map((state) => state.example), states.success.example]
}

export type DemoOperation = 'textToVideo' | 'imageToVideo'

/** What each demo flow asks for; every option not given takes the provider's default. */
export const demoOperations: Readonly<
  Record<DemoOperation, { label: string; input: TextToVideoInput | ImageToVideoInput }>
> = {
  textToVideo: { label: 'text-to-video', input: { prompt: 'A paper boat drifting down a rainy street' } },
  // The mocks do not fetch the image: any public URL shape will do.
  imageToVideo: {
    label: 'image-to-video',
    input: { prompt: 'The boat sails off', imageUrl: 'https://example.com/first-frame.png' },
  },
}

/** The demo's operations a provider sells a default model for (fal's vendored endpoints are all image-to-video). */
export function offeredDemoOperations(table: { defaultModels: Partial<Record<string, string>> }): DemoOperation[] {
  return (Object.keys(demoOperations) as DemoOperation[]).filter(
    (operation) => table.defaultModels[operation] !== undefined,
  )
}

export interface DemoFlowOptions {
  provider: BuiltInProviderId
  operation: DemoOperation
  /** Creates the facade for this flow; it must send every request through `fetch`. */
  createSora: (fetch: FetchFunction) => Sora
  /** Where the steps are printed, one line per call. */
  print: (line: string) => void
  /** Sleep between polls, in ms. Default: `100` (the mocks answer at once; real providers want seconds). */
  pollIntervalMs?: number
  /** Give up waiting after this long, in ms. Default: `30000`. */
  deadlineMs?: number
}

/** start → wait → result for one provider and operation, printing each step; resolves with the succeeded task. */
export async function runDemoFlow(options: DemoFlowOptions): Promise<SoraTask> {
  const { operation, print } = options
  const polls = new PollPrinter(print)
  // The states depend on the provider's family, which the facade knows: the fetch is bound once it exists.
  let scenarioFetch: FetchFunction = () => Promise.reject(new Error('the demo fetch is not bound yet'))
  const sora = options.createSora((request) => scenarioFetch(request))
  scenarioFetch = createScenarioFetch(taskStateExamples(sora.capabilities.family), (poll, state) =>
    polls.started(poll, state),
  ).fetch
  const { label, input } = demoOperations[operation]
  print(`${sora.capabilities.displayName} · ${label}`)

  const handle = await sora[operation](input as ImageToVideoInput)
  const isDefault = sora.capabilities.defaultModels[operation] === handle.model
  print(`  model    ${handle.model}${isDefault ? " (the provider's default)" : ''}`)
  print(`  handle   ${JSON.stringify(handle)}`)

  const interval = options.pollIntervalMs ?? 100
  let task: SoraTask
  try {
    task = await sora.wait(handle, {
      pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: interval, maxMs: interval }],
      deadlineMs: options.deadlineMs ?? 30_000,
      onProgress: (update) => polls.answered(update),
    })
  } finally {
    polls.finish()
  }
  if (task.videoUrls.length === 0)
    throw new Error(`the task succeeded without a video URL: ${JSON.stringify(task.raw)}`)
  for (const url of task.videoUrls) print(`  video    ${url}`)
  return task
}

/**
 * One line per poll: the example asked for and the normalised task. `wait` reports a task only when its
 * status or progress changed, so a poll without a report printed the same task as the one before; the
 * line is printed when the next poll starts (or the wait ends), once the facade has read the answer.
 */
class PollPrinter {
  private current: { poll: number; state: string; task?: SoraTask } | undefined
  private last: SoraTask | undefined

  constructor(private readonly print: (line: string) => void) {}

  started(poll: number, state: string): void {
    this.finish()
    this.current = { poll, state }
  }

  answered(task: SoraTask): void {
    this.last = task
    if (this.current) this.current.task = task
  }

  finish(): void {
    if (this.current === undefined) return
    const { poll, state, task = this.last } = this.current
    const status =
      task === undefined
        ? '(no answer)'
        : `${task.status}${task.progress === null ? '' : ` ${Math.round(task.progress * 100)}%`}`
    this.print(`  poll ${String(poll).padEnd(3)} Prefer: example=${state.padEnd(12)} → ${status}`)
    this.current = undefined
  }
}
