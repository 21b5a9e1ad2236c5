#!/usr/bin/env node
// The `sorakit` bin. Help answers from static text and the command table alone; everything else
// (the facade, the mock launcher, the progress bar) loads only when a command needs it, so
// `sorakit --help` starts about as fast as Node itself (`pnpm bench:cli` measures it).
import { staticAnswer } from './cli-help.js'

const argv = process.argv.slice(2)
const answer = staticAnswer(argv)
if (answer !== undefined) {
  ;(answer.exitCode === 0 ? process.stdout : process.stderr).write(answer.text)
  process.exitCode = answer.exitCode
} else {
  const { runCli } = await import('./cli-run.js')
  process.exitCode = await runCli(argv)
}
