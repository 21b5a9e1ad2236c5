import type { SoraHandle, SoraTask } from '@sorakit/sora'

/** What a command reports, in one vocabulary for the three renderings (bar, lines, JSON). */
export type CliEvent =
  | { event: 'mock'; started: boolean; baseUrl: string }
  | { event: 'uploading'; file: string; bytes: number }
  | { event: 'uploaded'; url: string }
  | { event: 'created'; handle: SoraHandle; resume: string; resumeNeedsMock: boolean }
  /** The result of `generate --no-wait`: the handle itself (its `created` event carried it in JSON mode). */
  | { event: 'handle'; handle: SoraHandle }
  | { event: 'progress'; taskId: string; status: SoraTask['status']; progress: number | null }
  | { event: 'succeeded'; taskId: string; videoUrls: string[] }
  | { event: 'downloaded'; path: string; bytes: number }
  | { event: 'interrupted'; handle: SoraHandle | null; resume: string | null }
  | { event: 'task'; task: Omit<SoraTask, 'raw'> }
  | { event: 'credits'; provider: string; credits: number }
  | {
      event: 'model'
      provider: string
      displayName: string
      /** The variables the key is read from, in order (`FAL_API_KEY or FAL_KEY`). */
      apiKeyVariable: string
      model: string
      operation: string
      isDefault: boolean
      availability: string
      aliases: readonly string[]
      durationSeconds: unknown[] | null
      aspectRatio: unknown[] | null
    }
  | { event: 'error'; kind: string; message: string; exitCode: number }
  /** A note for people: a default the command chose, a warning. */
  | { event: 'hint'; message: string }

/**
 * `json`: one object per line on stdout; `bar`: a live progress bar on stderr (a terminal); `lines`: one plain
 * line per change. Either way results (a saved path, a handle, a task, tables) go to stdout and progress,
 * hints and warnings to stderr, as gh and vercel do: `sorakit generate > result.txt` still shows progress.
 */
export type OutputMode = 'json' | 'bar' | 'lines'

export interface Reporter {
  readonly mode: OutputMode
  emit(event: CliEvent): void
  /** Text for people (a table); nothing in JSON mode, where the events carry the same facts. */
  print(text: string): void
  /** Ends the bar, if one is drawn, so the next lines start clean. */
  close(): void
}

export function outputMode(json: boolean, stderr: NodeJS.WriteStream): OutputMode {
  if (json) return 'json'
  return stderr.isTTY ? 'bar' : 'lines'
}

/** Colour only for a terminal, and never with NO_COLOR set to anything but empty (no-color.org). */
function colourEnabled(stream: NodeJS.WriteStream, environment: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !environment['NO_COLOR']
}

const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const

/** `23548` → "23.5 kB": decimal units as macOS and npm show sizes; Intl formats the unit, so no library is needed. */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`
  const power = Math.min(byteUnits.length - 1, Math.floor(Math.log10(bytes) / 3))
  return new Intl.NumberFormat('en', {
    style: 'unit',
    unit: byteUnits[power],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(bytes / 1000 ** power)
}

// cli-progress: a kept, dependency-light bar (one dependency, string-width) that redraws in place,
// sizes itself to the terminal and falls back cleanly; loaded only when a bar is drawn.
type ProgressBarModule = typeof import('cli-progress')
type Bar = InstanceType<ProgressBarModule['SingleBar']>

/**
 * Every string of what is printed without terminal control characters (a provider's `failMsg` could
 * carry `ESC]0;...BEL` or `ESC[2J`) and with the API keys replaced: a provider echoing the key in a
 * message must not put it on a screen or in a log. Tab and line feed stay; carriage return goes.
 */
function safeForOutput<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string')
    return secrets.reduce(
      (text, secret) => text.replaceAll(secret, '[redacted]'),
      value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ''),
    ) as T
  if (Array.isArray(value)) return value.map((item) => safeForOutput(item, secrets)) as T
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, safeForOutput(item, secrets)])) as T
  return value
}

/** `secrets`: the API keys in use; removed from everything printed (see safeForOutput). */
export async function createReporter(
  mode: OutputMode,
  stdout: NodeJS.WriteStream,
  stderr: NodeJS.WriteStream,
  secrets: readonly string[] = [],
  environment: NodeJS.ProcessEnv = {},
): Promise<Reporter> {
  const progressBars = mode === 'bar' ? ((await import('cli-progress')).default as ProgressBarModule) : undefined
  // picocolors: a kept, dependency-free palette; createColors decides per stream instead of from process.stdout.
  // Decided per stream: `sorakit generate > result.txt` on a terminal colours stderr, not the file.
  const { createColors } = (await import('picocolors')).default
  const coloursOf = (stream: NodeJS.WriteStream) => createColors(colourEnabled(stream, environment))
  const [stdoutColours, stderrColours] = [coloursOf(stdout), coloursOf(stderr)]
  let bar: Bar | undefined
  const line = (text: string, stream: NodeJS.WriteStream = stdout) => {
    if (bar !== undefined) {
      bar.stop()
      bar = undefined
    }
    stream.write(`${text}\n`)
  }
  const drawProgress = (event: Extract<CliEvent, { event: 'progress' }>) => {
    if (progressBars === undefined)
      return line(
        `${event.taskId} ${event.status}${event.progress === null ? '' : ` ${Math.round(event.progress * 100)}%`}`,
        stderr,
      )
    if (bar === undefined) {
      bar = new progressBars.SingleBar(
        {
          format: '{bar} {percentage}% | {status} | {duration_formatted}',
          stream: stderr,
          hideCursor: true,
          clearOnComplete: false,
          barsize: 30,
        },
        progressBars.Presets.shades_classic,
      )
      bar.start(100, 0, { status: event.status })
    }
    bar.update(Math.round((event.progress ?? 0) * 100), { status: event.status })
  }
  return {
    mode,
    emit(unsafeEvent) {
      const event = safeForOutput(unsafeEvent, secrets)
      if (mode === 'json') {
        stdout.write(`${JSON.stringify(event)}\n`)
        return
      }
      if (event.event === 'progress') return drawProgress(event)
      if (event.event === 'error') {
        if (bar !== undefined) line('', stderr)
        stderr.write(`${stderrColours.red('sorakit:')} ${event.message}\n`)
        return
      }
      const result = resultEvents.has(event.event)
      const text = humanText(event, result ? stdoutColours : stderrColours)
      if (text !== undefined) line(text, result ? stdout : stderr)
    },
    print(text) {
      if (mode !== 'json') line(safeForOutput(text, secrets))
    },
    close() {
      bar?.stop()
      bar = undefined
    },
  }
}

/** What a command produces (stdout); every other event is progress or a hint (stderr). */
const resultEvents: ReadonlySet<CliEvent['event']> = new Set(['downloaded', 'handle', 'task', 'credits'])

type Colours = ReturnType<typeof import('picocolors')['createColors']>

function humanText(event: Exclude<CliEvent, { event: 'progress' | 'error' }>, colours: Colours): string | undefined {
  switch (event.event) {
    case 'mock':
      return colours.dim(
        `${event.started ? 'Started the mock servers' : 'Using the mock servers'} at ${event.baseUrl}${event.started ? ' (they stop when this command ends)' : ''}`,
      )
    case 'uploading':
      return `Uploading ${event.file} (${humanSize(event.bytes)})`
    case 'uploaded':
      return `Uploaded: ${event.url}`
    case 'created':
      return [
        `Created task ${event.handle.taskId} (${event.handle.provider} ${event.handle.model})`,
        colours.dim(
          event.resumeNeedsMock
            ? `To resume after Ctrl-C, start the mocks first (sorakit-mock), as the ones started here stop with this command: ${event.resume}`
            : `Resume with: ${event.resume}`,
        ),
      ].join('\n')
    case 'handle':
      return JSON.stringify(event.handle)
    case 'hint':
      return colours.yellow(event.message)
    case 'succeeded':
      return `Task ${event.taskId} succeeded: ${event.videoUrls.join(' ')}`
    case 'downloaded':
      return `${colours.green('Saved')} ${event.path} (${humanSize(event.bytes)})`
    case 'interrupted':
      return event.resume === null
        ? 'Interrupted before the provider confirmed a task; if one was created, `sorakit status` cannot find it without its id.'
        : `Interrupted. The task keeps running; resume with:\n  ${event.resume}`
    case 'task':
      return taskText(event.task)
    case 'credits':
      return `${event.provider}: ${event.credits} credits`
    case 'model':
      return undefined // `sorakit models` prints one table of all of them
  }
}

function taskText(task: Omit<SoraTask, 'raw'>): string {
  const lines = [
    `${task.taskId}: ${task.status}${task.progress === null ? '' : ` ${Math.round(task.progress * 100)}%`}`,
  ]
  if (task.model !== null) lines.push(`  model: ${task.model}`)
  for (const url of task.videoUrls) lines.push(`  video: ${url}`)
  if (task.failure !== null)
    lines.push(`  failed (${task.failure.kind}, code ${task.failure.code}): ${task.failure.message}`)
  if (task.cost !== null) lines.push(`  cost: ${task.cost.amount} ${task.cost.currency}`)
  return lines.join('\n')
}
