import { openConnection, reportMock, resolveProvider } from './cli-connection.js'
import type { CommandContext } from './cli-run.js'

/** `sorakit credits`: the account's remaining credits (a typed UnsupportedFeatureError where the provider has none). */
export async function runCredits(context: CommandContext): Promise<void> {
  const providerId = await resolveProvider(context.flags['provider'], undefined, context)
  const connection = await openConnection(providerId, context.flags, context)
  try {
    reportMock(connection, context.reporter)
    const credits = await connection.sora.getCredits({ signal: context.signal })
    context.reporter.emit({ event: 'credits', provider: providerId, credits })
  } finally {
    await connection.close()
  }
}
