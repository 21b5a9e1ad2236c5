// The commands and their flags, declared once: the argument parser, the help texts and the usage
// errors all read this table. Data only (no imports), so `sorakit --help` loads nothing else.

export interface FlagDefinition {
  type: 'string' | 'boolean'
  short?: string
  /** Placeholder shown in help, e.g. `<id>`. */
  value?: string
  description: string
}

export interface CommandDefinition {
  summary: string
  /** The positional argument, when the command takes one. */
  positional?: { name: string; description: string; required: boolean }
  flags: Readonly<Record<string, FlagDefinition>>
  examples: readonly string[]
}

const provider: FlagDefinition = {
  type: 'string',
  short: 'p',
  value: '<id>',
  description: 'provider id (see `sorakit models`)',
}
const connection: Readonly<Record<string, FlagDefinition>> = {
  'api-key': {
    type: 'string',
    value: '<key>',
    description:
      "API key; default: the <PROVIDER>_API_KEY variable (KIE_API_KEY...), else the provider's own (FAL_KEY)",
  },
  'base-url': {
    type: 'string',
    value: '<url>',
    description: "API base URL; default: the provider's (or the mock's with --mock)",
  },
  'upload-base-url': {
    type: 'string',
    value: '<url>',
    description: "upload server base URL (kie.ai, Apikley); default: the provider's",
  },
  mock: { type: 'boolean', description: 'use the local mock servers (started when none answers), no key needed' },
  'mock-url': {
    type: 'string',
    value: '<url>',
    description: 'use the sorakit mock at this address (checked to be one), no key needed',
  },
}
const json: FlagDefinition = { type: 'boolean', description: 'one JSON object per line on stdout, for machines' }
const help: FlagDefinition = { type: 'boolean', short: 'h', description: 'show this help' }
const out: FlagDefinition = {
  type: 'string',
  short: 'o',
  value: '<file>',
  description: 'where the video goes; default: <task id>.mp4 in the current folder',
}
const force: FlagDefinition = {
  type: 'boolean',
  description: 'overwrite the --out file if it exists (default: refuse)',
}

export const commands = {
  generate: {
    summary: 'create a video, show its progress, download it',
    flags: {
      provider,
      model: {
        type: 'string',
        short: 'm',
        value: '<id>',
        description:
          "model id or alias, passed to the facade unchanged; default: the provider's default model (sorakit models marks it)",
      },
      prompt: { type: 'string', value: '<text>', description: 'what the video shows (required)' },
      image: {
        type: 'string',
        short: 'i',
        value: '<file|url>',
        description: 'first frame: a local file (uploaded first) or an http(s) URL; makes an image-to-video task',
      },
      duration: {
        type: 'string',
        short: 'd',
        value: '<seconds>',
        description: 'video length in seconds (the model lists what it accepts)',
      },
      aspect: {
        type: 'string',
        short: 'a',
        value: '<w:h>',
        description: "aspect ratio such as 16:9, 9:16 or 1:1 (the model's own list: sorakit models)",
      },
      resolution: {
        type: 'string',
        short: 'r',
        value: '<value>',
        description: 'resolution such as 720p or 1080p, for models that take one (sorakit models)',
      },
      out,
      force,
      'no-wait': {
        type: 'boolean',
        description: 'print the task handle and exit; `sorakit wait <handle>` follows it later',
      },
      ...connection,
      json,
      help,
    },
    examples: [
      'sorakit generate --provider kie --prompt "A paper boat on a rainy street" --duration 10 --aspect 16:9 --out boat.mp4',
      'sorakit generate --provider kie --model veo-3.1 --prompt "A paper boat on a rainy street" --duration 8 --resolution 1080p',
      'sorakit generate --provider kie --image first-frame.png --prompt "The boat sails away" --out boat.mp4',
      'sorakit generate --mock --provider vtrix --prompt "A paper boat" --json',
    ],
  },
  wait: {
    summary: 'wait for a task (after Ctrl-C, or one created elsewhere), then download it',
    positional: {
      name: 'handle|taskId',
      description: 'the handle `generate` printed (JSON), or a task id with --provider',
      required: true,
    },
    flags: { provider, out, force, ...connection, json, help },
    examples: [
      `sorakit wait '{"provider":"kie","taskId":"...","model":"...","baseUrl":"https://api.kie.ai","createdAt":"..."}'`,
      'sorakit wait --provider kie 1b3e... --out boat.mp4',
    ],
  },
  status: {
    summary: "print a task's state once",
    positional: { name: 'handle|taskId', description: 'a handle (JSON), or a task id with --provider', required: true },
    flags: { provider, ...connection, json, help },
    examples: ['sorakit status --provider kie 1b3e...'],
  },
  credits: {
    summary: 'print the remaining credits (kie.ai, Apikley)',
    flags: { provider, ...connection, json, help },
    examples: ['sorakit credits --provider kie'],
  },
  models: {
    summary: 'list the providers and their models, from the generated provider tables',
    flags: { provider: { ...provider, description: 'list only this provider' }, json, help },
    examples: ['sorakit models', 'sorakit models --provider vtrix --json'],
  },
} satisfies Record<string, CommandDefinition>

export type CommandName = keyof typeof commands

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name)
}
