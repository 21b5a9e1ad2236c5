import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { providerIds } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import { commands } from '../src/cli-commands.js'
import { jsonLines, runInProcess, runSorakit } from './sorakit-process.js'

describe('sorakit --help', () => {
  it('lists every command of the command table and exits 0', async () => {
    const { code, stdout } = await runSorakit(['--help'])
    expect(code).toBe(0)
    for (const [name, command] of Object.entries(commands))
      expect(stdout).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[()]/g, '\\$&')}$`, 'm'))
  })

  it('shows each command its own flags', async () => {
    for (const [name, command] of Object.entries(commands)) {
      const { code, stdout } = await runSorakit([name, '--help'])
      expect(code).toBe(0)
      for (const flag of Object.keys(command.flags)) expect(stdout).toContain(`--${flag}`)
    }
  })
})

describe.concurrent('bad usage exits 2 with what to fix', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown command', ['generat'], /Unknown command "generat": use one of generate, wait/],
    [
      'an unknown flag',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '--colour', 'red'],
      /Unknown option --colour for sorakit generate; its options are --provider/,
    ],
    ['a flag without its value', ['generate', '--provider', 'kie', '--prompt'], /Option --prompt needs a value/],
    ['a value given to a switch', ['models', '--json=yes'], /Option --json takes no value/],
    [
      'an option followed by another option instead of its value',
      ['generate', '--provider', '--prompt', 'x'],
      /Option --provider needs a value; a value starting with "-" is written --provider=<value>/,
    ],
    [
      'a negative value without "="',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration', '-5'],
      /Option --duration needs a value; a value starting with "-" is written --duration=<value>/,
    ],
    [
      'a short option followed by a dash value',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '-d', '-5'],
      /Option -d needs a value/,
    ],
    [
      'a negative duration written with "="',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration=-5'],
      /--duration -5 is not a number of seconds/,
    ],
    ['no prompt', ['generate', '--provider', 'kie', '--mock'], /needs --prompt/],
    [
      'a duration that is not a number',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration', 'ten'],
      /--duration ten is not a number of seconds/,
    ],
    [
      'an aspect ratio the model does not take (the facade lists its own)',
      ['generate', '--mock', '--provider', 'kie', '--model', 'veo-3.1', '--prompt', 'a boat', '--aspect', '1:1'],
      /aspectRatio: kie\.ai veo-3-1 supports "16:9", "9:16", "Auto" \(got "1:1"\)/,
    ],
    [
      'a missing image file',
      ['generate', '--provider', 'kie', '--prompt', 'a boat', '--image', 'no-such-frame.png'],
      /--image no-such-frame.png: no such file/,
    ],
    [
      'an unknown provider',
      ['generate', '--provider', 'openai', '--prompt', 'a boat'],
      new RegExp(`Unknown provider "openai" for --provider: use one of ${providerIds.join(', ')}`),
    ],
    [
      'no provider',
      ['credits'],
      new RegExp(`Name the provider with --provider <id>: one of ${providerIds.join(', ')}`),
    ],
    [
      'no key',
      ['credits', '--provider', 'kie'],
      /No API key for kie: set KIE_API_KEY, pass --api-key <key>, or use --mock/,
    ],
    ['a handle that is not JSON', ['status', '{"provider":"kie"'], /The handle is not valid JSON/],
    ['wait without a task', ['wait'], /sorakit wait needs <handle\|taskId>/],
    [
      'a stray argument',
      ['generate', '--provider', 'kie', '--prompt', 'a', 'boat'],
      /takes no arguments; remove "boat"/,
    ],
    [
      'a duration the model does not take (the facade says which it does)',
      ['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--duration', '16'],
      /durationSeconds: kie\.ai kling-3\.0\/video supports 3, 4, .*, 15 \(got 16\)/,
    ],
    [
      'a model the provider does not have (the facade lists them)',
      ['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--model', 'veo-3'],
      /model: kie.ai .*"veo-3"/,
    ],
    [
      'credits where the provider has none',
      ['credits', '--mock', '--provider', 'vtrix'],
      /UnsupportedFeatureError: vtrix.ai has no getCredits/,
    ],
  ]
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, stdout, stderr } = await runInProcess(args)
    expect(stderr).toMatch(message)
    expect(code).toBe(2)
    expect(stdout).not.toMatch(/Created task/)
  })

  it('a folder that does not exist for --out, before any task is created', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sorakit-cli-'))
    const out = path.join(folder, 'missing', 'video.mp4')
    const { code, stdout, stderr } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'a boat',
      '--out',
      out,
    ])
    expect(code).toBe(2)
    expect(stderr).toContain(`--out ${out}: the folder ${path.dirname(out)} does not exist`)
    expect(stdout).toBe('')
  })

  it('an --out folder that cannot be written (/proc), before any task is created', async () => {
    const { code, stdout, stderr } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'a boat',
      '--out',
      '/proc/video.mp4',
    ])
    expect(code).toBe(2)
    expect(stderr).toMatch(/--out \/proc\/video\.mp4: cannot write in \/proc/)
    expect(stdout).not.toMatch(/Created task/)
  })

  it('from the bin too', async () => {
    const { code, stdout, stderr } = await runSorakit([
      'generate',
      '--provider',
      'kie',
      '--prompt',
      'a boat',
      '--colour',
      'red',
    ])
    expect(stderr).toMatch(/^sorakit: Unknown option --colour for sorakit generate/)
    expect([code, stdout]).toEqual([2, ''])
  })

  it('as a JSON error line with --json', async () => {
    const { code, stdout } = await runSorakit(['generate', '--json', '--provider', 'kie', '--bogus'])
    expect(code).toBe(2)
    expect(jsonLines(stdout)).toEqual([
      { event: 'error', kind: 'usage', exitCode: 2, message: expect.stringContaining('Unknown option --bogus') },
    ])
  })
})
