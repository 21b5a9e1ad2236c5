// Writes `sora.capabilities` of every provider as the markdown tables of the README, between its
// capabilities markers (`pnpm --filter @sorakit/sora capabilities`). A test keeps the README equal to it.
import { readFileSync, writeFileSync } from 'node:fs'
import { providerIds } from '@sorakit/provider-registry'
import { createSora } from '../dist/index.js'

const providers = providerIds

function describeOption(name, option) {
  const facts = []
  if (option.values !== undefined) facts.push(option.values.join(', '))
  if (option.aliases !== undefined) facts.push(`also ${option.aliases.join(', ')}`)
  if (option.maxLength !== undefined) facts.push(`≤ ${option.maxLength} chars`)
  if (option.minItems !== undefined) facts.push(`≥ ${option.minItems} items`)
  if (option.maxItems !== undefined) facts.push(`≤ ${option.maxItems} items`)
  if (option.default !== undefined) facts.push(`default ${option.default}`)
  if (option.required) facts.push('required')
  return facts.length === 0 ? `\`${name}\`` : `\`${name}\` (${facts.join('; ')})`
}

export function capabilityTables() {
  const lines = [
    '| Provider | Operation | Model | Availability | Aliases | Options | `providerOptions` |',
    '|---|---|---|---|---|---|---|',
  ]
  const services = ['| Provider | `getCredits` | `getDownloadUrl` | `upload` sources |', '|---|---|---|---|']
  for (const provider of providers) {
    const capabilities = createSora({ provider, apiKey: 'capability-table' }).capabilities
    for (const [operation, models] of Object.entries(capabilities.operations)) {
      for (const model of models) {
        const options = Object.entries(model.options)
          .map(([name, option]) => describeOption(name, option))
          .join(', ')
        const providerOptions =
          Object.entries(model.providerOptions)
            .map(([name, option]) => describeOption(name, option))
            .join(', ') || '–'
        const { status, since } = model.availability
        lines.push(
          `| ${capabilities.displayName} | \`${operation}\` | \`${model.model}\`${capabilities.defaultModels[operation] === model.model ? ' (default)' : ''} | ${status}${since === undefined ? '' : ` since ${since}`} | ${model.aliases.join(', ') || '–'} | ${options} | ${providerOptions} |`,
        )
      }
    }
    const yes = (value) => (value ? 'yes' : 'no')
    services.push(
      `| ${capabilities.displayName} | ${yes(capabilities.credits)} | ${yes(capabilities.downloadUrl)} | ${capabilities.upload.join(', ') || 'none'} |`,
    )
  }
  return `${lines.join('\n')}\n\n${services.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readmeFile = new URL('../README.md', import.meta.url)
  const readme = readFileSync(readmeFile, 'utf8')
  const markers = /(<!-- capabilities:start -->\n)[\s\S]*?(<!-- capabilities:end -->)/
  if (!markers.test(readme)) throw new Error('README.md has no capabilities markers')
  writeFileSync(
    readmeFile,
    readme.replace(markers, (_all, start, end) => `${start}${capabilityTables()}${end}`),
  )
  process.stdout.write('README.md: capability tables written\n')
}
