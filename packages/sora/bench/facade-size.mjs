// `pnpm bench` (size part): ESM min+gz of the facade with one provider, everything it loads included.
import { bundle, consumerEntries } from './bundle-entries.mjs'

const budget = 6 * 1024
const rows = []
for (const [entry, contents] of Object.entries(consumerEntries)) {
  const { minified, gzipped } = await bundle(contents)
  rows.push({ entry, minified, gzipped })
}
console.log('| Entry | min | min+gz |')
console.log('|---|---:|---:|')
for (const { entry, minified, gzipped } of rows) console.log(`| \`${entry}\` | ${(minified / 1024).toFixed(1)} kB | ${(gzipped / 1024).toFixed(2)} kB |`)
const single = rows.filter((row) => /\/(kie|apikley|vtrix)$/.test(row.entry))
const largest = Math.max(...single.map((row) => row.gzipped))
console.log(`\nLargest single-provider entry: ${(largest / 1024).toFixed(2)} kB min+gz (target ${budget / 1024} kB: ${largest <= budget ? 'met' : 'NOT met'})`)
