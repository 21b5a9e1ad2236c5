// Argument parsing with node:util's parseArgs: it ships with Node (nothing to install or load at
// start-up), parses strictly (unknown flags and missing values are errors we can reword) and is all
// a flat flag set per command needs; citty, commander or yargs would add load time to every start.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import {
  commands,
  isCommandName,
  type CommandDefinition,
  type CommandName,
  type FlagDefinition,
} from './cli-commands.js'
import { CliUsageError } from './cli-errors.js'

export interface ParsedCommand {
  command: CommandName
  flags: Record<string, string | boolean | undefined>
  positional: string | undefined
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [name, ...rest] = argv
  if (name === undefined || !isCommandName(name)) {
    throw new CliUsageError(
      `Unknown command ${JSON.stringify(name ?? '')}: use one of ${Object.keys(commands).join(', ')} (sorakit --help lists them)`,
    )
  }
  const definition: CommandDefinition = commands[name]
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [flag, { type, short }] of Object.entries(definition.flags))
    options[flag] = short === undefined ? { type } : { type, short }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true }) as typeof parsed
  } catch (error) {
    throw new CliUsageError(describeParseError(name, error))
  }
  const positionals = parsed.positionals
  const positional = definition.positional
  if (positionals.length > (positional === undefined ? 0 : 1)) {
    const extra = positional === undefined ? positionals : positionals.slice(1)
    throw new CliUsageError(
      `sorakit ${name} takes ${positional === undefined ? 'no arguments' : `one <${positional.name}>`}; remove ${extra.map((value) => JSON.stringify(value)).join(' ')} (quote a prompt: --prompt "...")`,
    )
  }
  if (positional?.required && positionals.length === 0 && parsed.values['help'] !== true) {
    throw new CliUsageError(`sorakit ${name} needs <${positional.name}>: ${positional.description}`)
  }
  return { command: name, flags: parsed.values, positional: positionals[0] }
}

// parseArgs' messages explain its own syntax; ours name the command and its flags.
function describeParseError(command: CommandName, error: unknown): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  const flags = Object.keys(commands[command].flags)
    .map((flag) => `--${flag}`)
    .join(', ')
  const flag = /'(?:-\w, )?(-[^' ,]+)/.exec(message)?.[1] ?? ''
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `Unknown option ${flag} for sorakit ${command}; its options are ${flags} (sorakit ${command} --help)`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // parseArgs says "ambiguous" when a string option is followed by something starting with "-": the value is missing,
    // or it starts with "-".
    const name = flag.replace(/^--?/, '')
    const definition = Object.entries(commands[command].flags as Record<string, FlagDefinition>).find(
      ([long, { short }]) => long === name || short === name,
    )?.[1]
    const takesValue = definition?.type === 'string' || /argument missing/.test(message)
    if (!takesValue) return `Option ${flag} takes no value (sorakit ${command} --help)`
    return `Option ${flag} needs a value; a value starting with "-" is written ${flag}=<value> (sorakit ${command} --help)`
  }
  return `${message} (sorakit ${command} --help)`
}
