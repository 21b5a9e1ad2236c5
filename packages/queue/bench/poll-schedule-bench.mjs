// Polling schedules side by side on simulated task lifecycles (no network, deterministic seed):
// status requests per task and the delay between a task's end and the poll that sees it. Writes
// the table into packages/queue/README.md between the poll-bench markers. `pnpm bench:polling`.
import { readFile, writeFile } from 'node:fs/promises'
import { adaptivePollDelayMs, defaultPollSchedule } from '@sorakit/sora'

// A small seeded generator (mulberry32): the same figures on every run.
function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * One task's life as kie.ai shows it (and the lifecycle mock plays it): waiting then queuing with no
 * progress for 15-25 % of the time, then generating with progress reported in steps (a new value
 * every 8-25 s, each step rounded down to whole percents), then success at `durationMs`.
 */
function timeline(durationMs, random) {
  const generatingFrom = durationMs * (0.15 + 0.1 * random())
  const steps = []
  for (let at = generatingFrom; at < durationMs; at += 8_000 + 17_000 * random()) {
    steps.push([at, Math.min(0.99, Math.floor(((at - generatingFrom) / (durationMs - generatingFrom)) * 100) / 100)])
  }
  return {
    durationMs,
    progressAt(elapsedMs) {
      let progress = null
      for (const [at, value] of steps) if (at <= elapsedMs) progress = value
      return progress
    },
  }
}

// The schedules compared. Each gets the samples seen so far and returns the next sleep.
const schedules = {
  'progress-aware (`adaptivePollDelayMs`)': (samples, elapsedMs) => adaptivePollDelayMs(samples, elapsedMs),
  "kie.ai's guidance (`defaultPollSchedule`)": (_samples, elapsedMs, random) => {
    const step = defaultPollSchedule.find((candidate) => elapsedMs < candidate.untilMs) ?? defaultPollSchedule.at(-1)
    return step.minMs + (step.maxMs - step.minMs) * random()
  },
  "AI SDK's 5 s interval": () => 5_000,
}

function run(schedule, task, random) {
  const samples = []
  let elapsedMs = 0
  let requests = 0
  for (;;) {
    elapsedMs += schedule(samples, elapsedMs, random)
    requests++
    if (elapsedMs >= task.durationMs) return { requests, detectionDelayMs: elapsedMs - task.durationMs }
    samples.push({ elapsedMs, progress: task.progressAt(elapsedMs) })
  }
}

function measure(durations, seed) {
  const rows = []
  for (const [name, schedule] of Object.entries(schedules)) {
    const random = seededRandom(seed)
    const runs = durations.map((durationMs) => run(schedule, timeline(durationMs, random), random))
    const requests = runs.map((result) => result.requests).sort((a, b) => a - b)
    const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length
    rows.push({
      name,
      meanRequests: mean(requests),
      maxRequests: requests.at(-1),
      meanDelayS: mean(runs.map((result) => result.detectionDelayMs)) / 1000,
    })
  }
  return rows
}

const random = seededRandom(17)
const tasks = 2_000
// 3-minute tasks with realistic variance (170-190 s), and the whole 1-6 min range.
const threeMinute = Array.from({ length: tasks }, () => 170_000 + 20_000 * random())
const anyLength = Array.from({ length: tasks }, () => 60_000 + 300_000 * random())

const table = (title, rows) =>
  [
    `| ${title} | Status requests (mean) | Status requests (max) | Detection delay (mean) |`,
    '|---|---|---|---|',
    ...rows.map(
      (row) => `| ${row.name} | ${row.meanRequests.toFixed(1)} | ${row.maxRequests} | ${row.meanDelayS.toFixed(2)} s |`,
    ),
  ].join('\n')
const threeMinuteRows = measure(threeMinute, 3)
const anyLengthRows = measure(anyLength, 4)
const markdown = [
  `${tasks} simulated tasks per row (seeded, so every run prints the same), step-like progress (a new value every 8-25 s, none for the first 15-25 % of the task).`,
  '',
  table('3-minute tasks (170-190 s)', threeMinuteRows),
  '',
  table('1-6 minute tasks', anyLengthRows),
].join('\n')
console.log(markdown)

const adaptive = threeMinuteRows[0]
const readme = new URL('../README.md', import.meta.url)
const text = await readFile(readme, 'utf8')
const start = '<!-- poll-bench:start (written by `pnpm bench:polling`; do not edit) -->'
const end = '<!-- poll-bench:end -->'
const from = text.indexOf(start)
const to = text.indexOf(end, from)
if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} markers`)
await writeFile(readme, `${text.slice(0, from + start.length)}\n\n${markdown}\n\n${text.slice(to)}`)
if (adaptive.maxRequests > 15 || adaptive.meanDelayS > 3) {
  console.error(
    `The progress-aware schedule misses its target on 3-minute tasks: at most 15 requests (got ${adaptive.maxRequests}), mean delay at most 3 s (got ${adaptive.meanDelayS.toFixed(2)} s)`,
  )
  process.exitCode = 1
}
