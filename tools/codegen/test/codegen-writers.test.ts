import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { repositoryRoot } from './sandbox.js'

// `pnpm codegen` is the only writer of packages/<provider>: the test graph, `pnpm mock`, `pnpm demo` and
// `pnpm bootstrap` only check. Otherwise every staleness check would run on a tree regenerated just before
// it and could never fail.

const run = promisify(execFile)
const checkedTasks = ['build', 'typecheck', 'test']

async function rootScripts(): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  return manifest.scripts
}

/** The task names of every `turbo run <task...> [--flags]` in a script. */
function turboTasks(script: string): string[] {
  return [...script.matchAll(/turbo run ([^&|;>]+)/g)].flatMap((match) =>
    match[1]!
      .trim()
      .split(/\s+/)
      .filter((word) => !word.startsWith('-')),
  )
}

interface DryRunTask {
  taskId: string
  task: string
  command: string
  outputs: string[] | null
}

describe('who writes packages/', () => {
  it('only `pnpm codegen` runs the codegen CLI without --check; every other script checks', async () => {
    const scripts = await rootScripts()
    expect(scripts.codegen).toContain('codegen-cli.js')
    for (const [name, script] of Object.entries(scripts)) {
      if (name === 'codegen') continue
      expect({ name, runsTheCli: script.includes('codegen-cli.js') }).toEqual({ name, runsTheCli: false })
      const calls = [...script.matchAll(/pnpm (?:run )?codegen\b([^&|;]*)/g)].map(
        (match) => `pnpm codegen${match[1]!.trimEnd()}`,
      )
      for (const call of calls) expect({ name, call }).toEqual({ name, call: 'pnpm codegen --check' })
    }
  })

  it('every turbo run in a root script is among build, typecheck and test', async () => {
    const scripts = await rootScripts()
    const tasks = Object.values(scripts).flatMap(turboTasks)
    expect(tasks.length).toBeGreaterThan(0)
    expect([...new Set(tasks)].filter((task) => !checkedTasks.includes(task))).toEqual([])
  })

  it('no task of the build, typecheck and test graph runs codegen or declares an output outside its package', async () => {
    // The whole graph contains every filtered one the root scripts run (pnpm mock, demo, test, bench...).
    const { stdout } = await run('pnpm', ['exec', 'turbo', 'run', ...checkedTasks, '--dry=json'], {
      cwd: repositoryRoot,
      maxBuffer: 64 * 1024 * 1024,
    })
    const tasks = (JSON.parse(stdout) as { tasks: DryRunTask[] }).tasks
    expect(tasks.map((task) => task.taskId)).toContain('@sorakit/kie#build')
    const writers = tasks.filter((task) => task.task === 'codegen' || task.command.includes('codegen-cli'))
    expect(writers.map((task) => task.taskId)).toEqual([])
    const outside = tasks.flatMap((task) =>
      (task.outputs ?? []).filter((output) => output.startsWith('..')).map((output) => `${task.taskId}: ${output}`),
    )
    expect(outside).toEqual([])
  })
})
