import { readFileSync } from 'node:fs'
import { commands, isCommandName, type CommandDefinition, type CommandName } from './cli-commands.js'

/**
 * What `sorakit` answers from static text, without loading any command: `--help` (or no command),
 * `help [command]`, `--version`. Undefined when the command line is for a command; a usage error
 * (exit 2) for `help` of an unknown command.
 */
export function staticAnswer(argv: readonly string[]): { text: string; exitCode: number } | undefined {
  const [first, second] = argv
  if (first === undefined || first === '--help' || first === '-h') return { text: mainHelp(), exitCode: 0 }
  if (first === '--version' || first === '-V' || first === 'version')
    return { text: `${packageVersion()}\n`, exitCode: 0 }
  if (first !== 'help') return undefined
  if (second === undefined) return { text: mainHelp(), exitCode: 0 }
  if (isCommandName(second)) return { text: commandHelp(second), exitCode: 0 }
  return {
    text: `sorakit: Unknown command ${JSON.stringify(second)} for help: use one of ${Object.keys(commands).join(', ')}\n`,
    exitCode: 2,
  }
}

/** The installed package's version, read from its package.json next to dist/. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

/** `sorakit --help`: the commands, built from the command table. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2
  const lines = [
    'sorakit: AI video generation through API resellers, from a terminal (`sorakit models` lists them)',
    '',
    'Usage: sorakit <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
    'Run `sorakit <command> --help` (or `sorakit help <command>`) for its options; `sorakit --version` prints the version.',
    '',
    "Keys come from <PROVIDER>_API_KEY (`kie` reads KIE_API_KEY), or the provider's own variable (fal's FAL_KEY;",
    '`sorakit models` names each), or --api-key;',
    '--mock talks to the local mock servers instead and needs no key. Without --provider, the one provider',
    'whose key is set is used. Results go to stdout; progress and hints to stderr.',
    'Exit codes: 0 done, 1 the provider or the network failed, 2 bad usage, 130 interrupted (the task keeps running).',
    '',
  ]
  return lines.join('\n')
}

/** `sorakit <command> --help`. */
export function commandHelp(name: CommandName): string {
  const command: CommandDefinition = commands[name]
  const flags = Object.entries(command.flags).map(([flag, definition]) => {
    const names = `${definition.short === undefined ? '    ' : `-${definition.short}, `}--${flag}${definition.value === undefined ? '' : ` ${definition.value}`}`
    return [names, definition.description] as const
  })
  const width = Math.max(...flags.map(([names]) => names.length)) + 2
  const usage = `Usage: sorakit ${name}${command.positional === undefined ? '' : ` <${command.positional.name}>`} [options]`
  return [
    `sorakit ${name}: ${command.summary}`,
    '',
    usage,
    ...(command.positional === undefined
      ? []
      : ['', `  <${command.positional.name}>  ${command.positional.description}`]),
    '',
    'Options:',
    ...flags.map(([names, description]) => `  ${names.padEnd(width)}${description}`),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n')
}
