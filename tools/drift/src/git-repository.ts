import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { DriftError } from './drift-error.js'

const run = promisify(execFile)

/** Runs git in the repository; a failure becomes a DriftError naming the command and git's message. */
async function git(repositoryRoot: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], {
      cwd: repositoryRoot,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    })
    return stdout
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? String(error)).trim()
    throw new DriftError(`git ${args.join(' ')} failed: ${detail}`)
  }
}

/** The default base of a diff: where this branch left main (`main`, else `origin/main`). */
export async function defaultBase(repositoryRoot: string): Promise<string> {
  for (const candidate of ['main', 'origin/main']) {
    try {
      return (await git(repositoryRoot, ['merge-base', 'HEAD', candidate])).trim()
    } catch {
      // try the next candidate
    }
  }
  throw new DriftError('no merge base with main or origin/main: pass --base <git-ref>')
}

/** Checks that `ref` names a commit, so a typo is reported as such and not as "no documents". */
export async function verifyRef(repositoryRoot: string, ref: string): Promise<string> {
  try {
    return (await git(repositoryRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim()
  } catch {
    throw new DriftError(`unknown git ref '${ref}': pass a branch, tag or commit that exists here`)
  }
}

/** A file's content at `ref`, or `undefined` when it does not exist there. */
export async function fileAtRef(repositoryRoot: string, ref: string, file: string): Promise<string | undefined> {
  const listed = await git(repositoryRoot, ['ls-tree', '--name-only', ref, '--', file])
  if (listed.trim() === '') return undefined
  return git(repositoryRoot, ['show', `${ref}:${file}`])
}

/** Files under `folder` at `ref`. */
export async function filesAtRef(repositoryRoot: string, ref: string, folder: string): Promise<string[]> {
  return (await git(repositoryRoot, ['ls-tree', '-r', '--name-only', ref, '--', folder])).split('\n').filter(Boolean)
}

/** Files that differ between `ref` and the working tree, untracked new files included. */
export async function changedFilesSince(repositoryRoot: string, ref: string): Promise<string[]> {
  const tracked = await git(repositoryRoot, ['diff', '--name-only', ref, '--'])
  const untracked = await git(repositoryRoot, ['ls-files', '--others', '--exclude-standard'])
  return [...new Set([...tracked.split('\n'), ...untracked.split('\n')].filter(Boolean))].sort()
}
