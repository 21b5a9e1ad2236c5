import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { SoraHandle, TextToVideoInput } from '@sorakit/sora'
import { openConnection, reportMock, resolveProvider } from './cli-connection.js'
import { checkOutputPath } from './cli-download.js'
import { CliUsageError, InterruptedError } from './cli-errors.js'
import { resumeCommand, resumeFlags } from './cli-handle.js'
import type { CommandContext } from './cli-run.js'
import { followTask } from './cli-task-follow.js'

type ImageSource = { url: string } | { file: string; bytes: Uint8Array<ArrayBuffer> }

/** `sorakit generate`: upload the first frame if local, create the task, follow it, download the video. */
export async function runGenerate(context: CommandContext): Promise<void> {
  const { flags, reporter, signal } = context
  // Every flag is checked before the connection opens: bad usage never creates a billable task.
  const prompt = flags['prompt']
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw new CliUsageError('sorakit generate needs --prompt "<what the video shows>"')
  const durationSeconds = parseDuration(flags['duration'])
  const aspectRatio = textFlag(flags['aspect'])
  const resolution = textFlag(flags['resolution'])
  const image = typeof flags['image'] === 'string' ? await readImage(flags['image']) : undefined
  const outPath =
    typeof flags['out'] === 'string' ? await checkOutputPath(flags['out'], flags['force'] === true) : undefined
  const providerId = await resolveProvider(flags['provider'], undefined, context)
  const connection = await openConnection(providerId, flags, context)
  try {
    const { sora, mock } = connection
    reportMock(connection, reporter)
    if (image === undefined && sora.capabilities.operations.textToVideo.length === 0)
      throw new CliUsageError(
        `${sora.capabilities.displayName} makes videos from an image only: pass --image <file|url> (sorakit models --provider ${providerId} lists its models)`,
      )
    let imageUrl = image !== undefined && 'url' in image ? image.url : undefined
    if (image !== undefined && 'file' in image) {
      // Before anything is said or sent: a provider without uploads takes the frame as a URL only.
      if (!sora.capabilities.upload.includes('file')) {
        throw new CliUsageError(
          `--image ${image.file}: ${sora.capabilities.displayName} takes no file uploads; pass the image as a public http(s) URL`,
        )
      }
      reporter.emit({ event: 'uploading', file: image.file, bytes: image.bytes.byteLength })
      const uploaded = await sora.upload(
        { file: new Blob([image.bytes]), fileName: path.basename(image.file) },
        { signal },
      )
      reporter.emit({ event: 'uploaded', url: uploaded.url })
      imageUrl = uploaded.url
    }
    const input: TextToVideoInput = {
      prompt,
      // Passed through unchanged: the facade knows the provider's models and aliases, and its typed error lists them.
      ...(typeof flags['model'] === 'string' ? { model: flags['model'] as TextToVideoInput['model'] } : {}),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      // Passed through too: each model names its own ratios and resolutions (sorakit models lists them).
      ...(aspectRatio === undefined ? {} : { aspectRatio }),
      ...(resolution === undefined ? {} : { resolution }),
    }
    let handle: SoraHandle
    try {
      handle =
        imageUrl === undefined
          ? await sora.textToVideo(input, { signal })
          : await sora.imageToVideo({ ...input, imageUrl }, { signal })
    } catch (error) {
      if (!signal.aborted) throw error
      reporter.emit({ event: 'interrupted', handle: null, resume: null })
      throw new InterruptedError()
    }
    const resume = resumeCommand(handle, resumeFlags(flags, mock !== undefined, outPath))
    reporter.emit({ event: 'created', handle, resume, resumeNeedsMock: mock?.started === true })
    // --no-wait: the handle is the result (stdout); how to resume it was a hint (stderr).
    if (flags['no-wait'] === true) {
      if (reporter.mode !== 'json') reporter.emit({ event: 'handle', handle })
      return
    }
    await followTask(context, sora, { task: handle, outPath, resume })
  } finally {
    await connection.close()
  }
}

function parseDuration(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CliUsageError(
      `--duration ${String(value)} is not a number of seconds; give one such as --duration 10 (sorakit models lists what each model accepts)`,
    )
  }
  return seconds
}

function textFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined
}

async function readImage(source: string): Promise<ImageSource> {
  if (/^https?:\/\//i.test(source)) return { url: source }
  const info = await stat(source).catch(() => undefined)
  if (!info?.isFile())
    throw new CliUsageError(`--image ${source}: no such file; give a local image file or an http(s) URL`)
  return { file: source, bytes: new Uint8Array(await readFile(source)) }
}
