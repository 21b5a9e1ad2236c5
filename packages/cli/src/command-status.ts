import { openConnection, reportMock, resolveProvider } from './cli-connection.js'
import { parseTaskReference } from './cli-handle.js'
import type { CommandContext } from './cli-run.js'

/** `sorakit status <handle|taskId>`: the task's state once, in the facade's one shape. */
export async function runStatus(context: CommandContext): Promise<void> {
  const reference = parseTaskReference(context.positional!)
  const providerId = await resolveProvider(context.flags['provider'], reference.handle?.provider, context)
  const connection = await openConnection(providerId, context.flags, context, reference.handle?.baseUrl)
  try {
    reportMock(connection, context.reporter)
    const { raw: _raw, ...task } = await connection.sora.getTask(reference.handle ?? reference.taskId, {
      signal: context.signal,
    })
    context.reporter.emit({ event: 'task', task })
  } finally {
    await connection.close()
  }
}
