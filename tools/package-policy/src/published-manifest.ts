import { workspaceOnlyFields } from './package-policy.js'

/**
 * The manifest as published: without the workspace-only fields. Called by the root .pnpmfile.cjs
 * (pnpm's `beforePacking` hook) for every `pnpm pack` and `pnpm publish`, so no package has to
 * remember it; the packaging test checks the packed result.
 */
export function publishedManifest<Manifest extends Record<string, unknown>>(manifest: Manifest): Manifest {
  const published: Record<string, unknown> = { ...manifest }
  for (const field of workspaceOnlyFields) delete published[field]
  return published as Manifest
}
