#!/usr/bin/env node
// The `sorakit` bin. Help answers from static text and the command table alone; everything else
// (the facade, the mock launcher, the progress bar) loads only when a command needs it, so
// `sorakit --help` starts about as fast as Node itself (`pnpm bench:cli` measures it).
import { mainHelp } from './cli-help.js'

const argv = process.argv.slice(2)
const first = argv[0]
if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
  process.stdout.write(mainHelp())
} else {
  const { runCli } = await import('./cli-run.js')
  process.exitCode = await runCli(argv)
}
