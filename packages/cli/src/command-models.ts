import { apiKeyVariables, providerIds, resolveProvider } from './cli-connection.js'
import type { CliEvent } from './cli-output.js'
import type { CommandContext } from './cli-run.js'

type ModelEvent = Extract<CliEvent, { event: 'model' }>

/**
 * `sorakit models`: every provider and model the facade drives, read from the facade's capabilities,
 * which it derives from the generated provider tables: a model added in specs/ shows up here with no code.
 */
export async function runModels(context: CommandContext): Promise<void> {
  const { createSora } = await import('@sorakit/sora')
  const ids =
    context.flags['provider'] === undefined ? await providerIds() : [await resolveProvider(context.flags['provider'])]
  const rows: ModelEvent[] = []
  for (const id of ids) {
    // Capabilities are computed when the facade is created and no request is made: any non-empty key does.
    const { capabilities } = createSora({ provider: id as never, apiKey: 'not-used-for-listing' })
    const variables = await apiKeyVariables(id)
    for (const [operation, models] of Object.entries(capabilities.operations)) {
      for (const model of models) {
        rows.push({
          event: 'model',
          provider: id,
          displayName: capabilities.displayName,
          apiKeyVariable: variables.join(' or '),
          model: model.model,
          operation,
          aliases: model.aliases,
          availability: model.availability.status,
          isDefault: capabilities.defaultModels[operation as keyof typeof capabilities.defaultModels] === model.model,
          durationSeconds: model.options['durationSeconds']?.values ?? null,
          aspectRatio: model.options['aspectRatio']?.values ?? null,
        })
      }
    }
  }
  for (const row of rows) context.reporter.emit(row)
  context.reporter.print(renderTable(rows))
}

function renderTable(rows: readonly ModelEvent[]): string {
  const header = ['PROVIDER', 'MODEL', 'OPERATION', 'AVAILABILITY', 'ALIASES', 'SECONDS', 'ASPECT', 'KEY']
  const cells = rows.map((row) => [
    row.provider,
    row.model,
    `${row.operation}${row.isDefault ? ' (default)' : ''}`,
    row.availability,
    list(row.aliases.length === 0 ? null : [...row.aliases]),
    list(row.durationSeconds),
    list(row.aspectRatio),
    row.apiKeyVariable,
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)))
  return [header, ...cells]
    .map((cell) =>
      cell
        .map((text, column) => text.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function list(values: unknown[] | null): string {
  return values === null ? '-' : values.join(',')
}
