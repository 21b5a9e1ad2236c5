#!/usr/bin/env node
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CodegenError, CodegenErrors, findRepositoryRoot } from '@sorakit/codegen'
import { bundledDocumentsAtRef, bundledDocumentsInTree, readDocumentFile } from './bundled-documents.js'
import { verifyChangesets, renderVerification } from './changeset-verify.js'
import { diffBundledSets, providerDiff, renderDiffMarkdown, type DiffReport } from './diff-report.js'
import { DriftError } from './drift-error.js'
import { defaultBase, verifyRef } from './git-repository.js'
import { pullReport, renderPullMarkdown } from './pull-report.js'
import { checkUpstreams, type PullRow } from './upstream-pull.js'
import { writeChangedUpstreams } from './upstream-write.js'
import { renderWhitelabelMarkdown, whitelabelReport } from './whitelabel-report.js'

/**
 * Exit codes. `findings`: upstream drift not written, a model gone from the provider's list, or a
 * missing changeset. `unreachable`: some upstream page could not be fetched (offline or throttled:
 * retry later). `upstreamMalformed`: a page was fetched but its block is missing or broken (the
 * docs changed shape: look at it). `needsKey`: a catalog's key variable (KIE_API_KEY) is not set,
 * so its routes were not read.
 */
export const exitCodes = {
  ok: 0,
  findings: 1,
  badInput: 2,
  internal: 3,
  unreachable: 4,
  upstreamMalformed: 5,
  needsKey: 6,
} as const

const usage = `Usage: sorakit-drift <command> [options]   (root scripts: pnpm specs:<command>)

  pull [provider...] [--write] [--timeout <ms>] [--json]
      Fetch each vendored document's upstream page, extract its YAML, compare its sha256 with the
      manifest. A provider with a catalog (kie.ai) is also read from its API, with the key in its
      variable (KIE_API_KEY): its model list (models listed but not vendored, vendored models no
      longer listed) and its schema-endpoint documents. --write takes changed documents (vendored
      copy + manifest) and reruns codegen; nothing while a schema route failed.
      Exit 0 unchanged, 1 changed (not written) or a model disappeared, 4 a page unreachable or
      throttled, 5 a block missing/malformed, 6 a catalog's key variable not set.
  diff [--base <git-ref>] [--json]          bundled documents at the ref (default: merge base with main) vs the working tree
  diff <old> <new> [--json]                 two OpenAPI documents, JSON (.json) or YAML
  whitelabel <reference> <white-label> [--json]   e.g. kie apikley
  verify-changesets [--base <git-ref>] [--json]
      Exit 1 unless each package whose contract changed since the base has a large enough changeset.

  --root <dir>  repository root (default: the nearest folder with pnpm-workspace.yaml)`

export interface CliOutput {
  out(text: string): void
  err(text: string): void
}

const consoleOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

export async function main(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  const [command, ...rest] = argv
  let values: { json?: boolean; write?: boolean; base?: string; timeout?: string; root?: string; help?: boolean }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        write: { type: 'boolean' },
        base: { type: 'string' },
        timeout: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean' },
      },
    }))
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${usage}\n`)
    return exitCodes.badInput
  }
  if (command === undefined || command === '--help' || values.help) {
    output.out(`${usage}\n`)
    return command === undefined ? exitCodes.badInput : exitCodes.ok
  }
  const root = path.resolve(values.root ?? findRepositoryRoot(process.cwd()))
  try {
    switch (command) {
      case 'pull':
        return await pull(root, positionals, values, output)
      case 'diff':
        return await diff(root, positionals, values, output)
      case 'whitelabel':
        return await whitelabel(root, positionals, values, output)
      case 'verify-changesets': {
        const result = await verifyChangesets(root, values.base === undefined ? {} : { base: values.base })
        output.out(values.json ? JSON.stringify(result, null, 2) + '\n' : renderVerification(result))
        return result.ok ? exitCodes.ok : exitCodes.findings
      }
      default:
        output.err(`unknown command '${command}'\n\n${usage}\n`)
        return exitCodes.badInput
    }
  } catch (error) {
    if (error instanceof DriftError || error instanceof CodegenError || error instanceof CodegenErrors) {
      output.err(`sorakit-drift ${command}: ${error.message}\n`)
      return exitCodes.badInput
    }
    output.err(`sorakit-drift ${command}: internal error: ${(error as Error).stack ?? String(error)}\n`)
    return exitCodes.internal
  }
}

async function pull(
  root: string,
  providers: string[],
  values: { json?: boolean; write?: boolean; timeout?: string },
  output: CliOutput,
): Promise<number> {
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw new DriftError(`--timeout must be a positive number of milliseconds, got '${values.timeout}'`)
  const fetchOptions = timeoutMs === undefined ? {} : { timeoutMs }
  const { manifests, rows: checked } = await checkUpstreams(root, { providers, ...fetchOptions })
  const rows = values.write ? await writeChangedUpstreams(root, manifests, checked, fetchOptions) : checked
  output.out(values.json ? JSON.stringify(pullReport(rows), null, 2) + '\n' : renderPullMarkdown(rows))
  return pullExitCode(rows)
}

/**
 * The most urgent status decides: an unreachable page, a broken page, then rows left unchecked for
 * want of a key, then drift left unwritten or a model gone. Models listed but not vendored are
 * information only.
 */
export function pullExitCode(rows: readonly PullRow[]): number {
  const has = (status: PullRow['status']) => rows.some((row) => row.status === status)
  if (has('unreachable')) return exitCodes.unreachable
  if (has('malformed')) return exitCodes.upstreamMalformed
  if (has('needs-key')) return exitCodes.needsKey
  if (has('changed') || has('refused') || has('disappeared')) return exitCodes.findings
  return exitCodes.ok
}

async function diff(
  root: string,
  files: string[],
  values: { json?: boolean; base?: string },
  output: CliOutput,
): Promise<number> {
  let report: DiffReport
  if (files.length === 2) {
    if (values.base !== undefined) throw new DriftError('give either --base <git-ref> or two files, not both')
    const [beforeFile, afterFile] = files as [string, string]
    report = {
      format: 'sorakit-spec-diff',
      version: 1,
      before: beforeFile,
      after: afterFile,
      providers: [
        providerDiff(
          path.basename(afterFile),
          afterFile,
          await readDocumentFile(beforeFile),
          await readDocumentFile(afterFile),
        ),
      ],
    }
  } else if (files.length === 0) {
    const base = values.base ?? (await defaultBase(root))
    await verifyRef(root, base)
    report = diffBundledSets(await bundledDocumentsAtRef(root, base), await bundledDocumentsInTree(root), {
      before: base,
      after: 'working tree',
    })
  } else {
    throw new DriftError(`diff takes no file or two files (<old> <new>, JSON or YAML), got ${files.length}`)
  }
  output.out(values.json ? JSON.stringify(report, null, 2) + '\n' : renderDiffMarkdown(report))
  return exitCodes.ok
}

async function whitelabel(
  root: string,
  providers: string[],
  values: { json?: boolean },
  output: CliOutput,
): Promise<number> {
  if (providers.length !== 2)
    throw new DriftError(
      `whitelabel takes two provider ids (the original API, then its white label), e.g. 'kie apikley'; got ${providers.length}`,
    )
  const documents = await bundledDocumentsInTree(root)
  const [reference, label] = providers.map((id) => {
    const document = documents.get(id)
    if (document === undefined)
      throw new DriftError(
        `no bundled document packages/${id}/openapi.json; known: ${[...documents.keys()].join(', ')} (run pnpm codegen?)`,
      )
    return document
  }) as [NonNullable<ReturnType<typeof documents.get>>, NonNullable<ReturnType<typeof documents.get>>]
  const report = whitelabelReport(reference, label)
  output.out(values.json ? JSON.stringify(report, null, 2) + '\n' : renderWhitelabelMarkdown(report))
  return exitCodes.ok
}

if (process.argv[1]?.endsWith('drift-cli.js')) {
  // `pnpm specs:diff | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  process.exitCode = await main(process.argv.slice(2))
}
