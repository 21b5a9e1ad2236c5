import { CodegenError } from './codegen-error.js'
import type { JsonObject } from './json-value.js'
import type { AppliedAction } from './overlay-apply.js'
import type { DocumentStages } from './provider-load.js'
import type { ProviderManifest } from './provider-manifest.js'
import { factKey, seedFacts, type SeedFact } from './seed-facts.js'

export interface OverlayRemoval {
  file: string
  fact: SeedFact
  action: AppliedAction
}

export interface FidelityReport {
  /**
   * Facts an overlay removed that the bundle no longer states: each one a reviewed, explicit change.
   * (A fact an overlay moved to a shared schema is still stated, so it is not listed.)
   */
  dropped: OverlayRemoval[]
  problems: CodegenError[]
}

/**
 * Every seed fact of every document must reach the bundle. A fact may only disappear through an
 * overlay action whose target covers the place the fact is stated: that is explicit and reviewed.
 * Anything else (a merge that lost an enum value, an overlay that clobbered a limit beside its
 * target) is a problem.
 */
export function checkFidelity(
  manifest: ProviderManifest,
  stages: readonly DocumentStages[],
  bundled: JsonObject,
): FidelityReport {
  const bundledFacts = new Set(seedFacts(bundled, manifest.modelOperation).map(factKey))
  const report: FidelityReport = { dropped: [], problems: [] }
  for (const stage of stages) {
    const overlaidFacts = seedFacts(stage.overlaid, manifest.modelOperation, bundled)
    const overlaidKeys = new Set(overlaidFacts.map(factKey))
    for (const fact of seedFacts(stage.raw, manifest.modelOperation)) {
      if (overlaidKeys.has(factKey(fact))) continue
      const action = stage.applied.find((applied) =>
        applied.pointers.some((pointer) => fact.pointer === pointer || fact.pointer.startsWith(pointer + '/')),
      )
      if (action === undefined)
        report.problems.push(lost(stage.entry.file, fact, 'an overlay changed it outside its target'))
      else if (!bundledFacts.has(factKey(fact))) report.dropped.push({ file: stage.entry.file, fact, action })
    }
    for (const fact of overlaidFacts) {
      if (!bundledFacts.has(factKey(fact)))
        report.problems.push(lost(stage.entry.file, fact, `the bundle of ${manifest.id} does not state it`))
    }
  }
  return report
}

function lost(file: string, fact: SeedFact, why: string): CodegenError {
  return new CodegenError({ file, pointer: fact.pointer, message: `fact lost: ${fact.location} ${fact.fact} (${why})` })
}
