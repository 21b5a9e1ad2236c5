// Writes a benchmark's figures into packages/sora/README.md between its markers, so the README shows
// what the last `pnpm bench:facade` measured and nothing pasted by hand.
import { readFileSync, writeFileSync } from 'node:fs'

const readmeUrl = new URL('../README.md', import.meta.url)

/** Replaces the text between `<!-- <name>:start ... -->` and `<!-- <name>:end -->` with `markdown`. */
export function writeReadmeFigures(name, markdown) {
  const start = `<!-- ${name}:start (written by \`pnpm bench:facade\`; do not edit) -->`
  const end = `<!-- ${name}:end -->`
  const readme = readFileSync(readmeUrl, 'utf8')
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from)
    throw new Error(`packages/sora/README.md has no ${name} section: add the lines\n${start}\n${end}`)
  writeFileSync(readmeUrl, `${readme.slice(0, from)}${start}\n${markdown.trim()}\n${readme.slice(to)}`)
  console.log(`${name} figures written into packages/sora/README.md`)
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export const kilobytes = (bytes, digits = 1) => `${(bytes / 1024).toFixed(digits)} kB`
