import path from 'node:path'
import type { Sora, SoraHandle } from '@sorakit/sora'
import { downloadAtomically, DownloadError } from './cli-download.js'
import { InterruptedError } from './cli-errors.js'
import type { CommandContext } from './cli-run.js'

export interface FollowTarget {
  /** The handle, or a bare task id (`sorakit wait <taskId>`). */
  task: SoraHandle | string
  /** Where the video goes; default `<task id>.mp4` in the current folder. */
  outPath: string | undefined
  /** The command that picks this task up again. */
  resume: string
}

/**
 * Waits for the task with live progress, then downloads its video. Ctrl-C leaves the task running:
 * it reports how to resume and ends with InterruptedError (exit 130).
 */
export async function followTask(context: CommandContext, sora: Sora, target: FollowTarget): Promise<void> {
  const { reporter, signal } = context
  const handle = typeof target.task === 'string' ? null : target.task
  try {
    const task = await sora.wait(target.task, {
      signal,
      onProgress: (update) =>
        reporter.emit({ event: 'progress', taskId: update.taskId, status: update.status, progress: update.progress }),
    })
    reporter.emit({ event: 'succeeded', taskId: task.taskId, videoUrls: task.videoUrls })
    const url = task.videoUrls[0]
    if (url === undefined) return
    const outPath = target.outPath ?? path.resolve(`${task.taskId.replace(/[^\w.-]+/g, '_')}.mp4`)
    const saved = await downloadAtomically(url, outPath, signal).catch((error: unknown) => {
      if (error instanceof DownloadError)
        throw new DownloadError(`${error.message}. The video is still there: ${target.resume}`, { cause: error })
      throw error
    })
    reporter.emit({ event: 'downloaded', path: saved.path, bytes: saved.bytes })
  } catch (error) {
    if (!signal.aborted) throw error
    reporter.emit({ event: 'interrupted', handle, resume: target.resume })
    throw new InterruptedError()
  }
}
