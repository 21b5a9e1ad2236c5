#!/usr/bin/env node
// `pnpm bench:install-size`: what `npm install` brings into a new project for the mock's two ways in: the MSW
// handlers alone (@sorakit/mock-msw) and the whole mock with its servers (@sorakit/mock, Prism included), each
// with msw, from the packed packages, side by side in one run. Writes the table into packages/mock-msw/README.md
// between the install-size markers (never by hand).
import { lstat, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  createConsumerProject,
  mockConsumerDependencies,
  removeConsumerProject,
  repositoryRoot,
} from './consumer-project.js'

const readme = path.join(repositoryRoot, 'packages/mock-msw/README.md')
const start = '<!-- install-size:start (pnpm bench:install-size writes this table) -->'
const end = '<!-- install-size:end -->'
// msw alone first: the floor any MSW set-up pays, so the rows below read as what each package adds to it.
const installs = [[], ['@sorakit/mock-msw'], ['@sorakit/mock']]

interface InstallFigure {
  command: string
  packages: number
  bytes: number
  installScripts: string[]
}

async function folderBytes(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await lstat(path.join(entry.parentPath, entry.name))).size),
  )
  return sizes.reduce((sum, size) => sum + size, 0)
}

async function measure(install: string[], msw: string): Promise<InstallFigure> {
  const project = await createConsumerProject({ install, registryDependencies: { msw } })
  try {
    const lock = JSON.parse(await readFile(path.join(project.root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>
    }
    const installed = Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/'))
    return {
      command: `npm install ${[...install, 'msw'].join(' ')}`,
      packages: installed.length,
      bytes: await folderBytes(path.join(project.root, 'node_modules')),
      installScripts: installed
        .filter(([, entry]) => entry.hasInstallScript)
        .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)),
    }
  } finally {
    await removeConsumerProject(project.root)
  }
}

const { msw } = await mockConsumerDependencies()
const figures: InstallFigure[] = []
for (const install of installs) figures.push(await measure(install, msw!))

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
const table = [
  '| Install | Packages | `node_modules` | Packages with install scripts |',
  '|---|---|---|---|',
  ...figures.map(
    (figure) =>
      `| \`${figure.command}\` | ${figure.packages} | ${megabytes(figure.bytes)} | ${figure.installScripts.join(', ') || 'none'} |`,
  ),
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with npm from Node ${process.versions.node}, msw ${msw}; sizes are the files' bytes.`,
].join('\n')
const text = await readFile(readme, 'utf8')
const from = text.indexOf(start)
const to = text.indexOf(end)
if (from === -1 || to === -1) throw new Error(`${readme} has no ${start} ... ${end} markers`)
await writeFile(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`)
console.log(table)
