import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyOverlay, type JsonValue, type OverlayDocument } from '@sorakit/codegen'
import type { Bump, RuleId } from '../src/change-rules.js'

export const fixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

/** A real document frozen from packages/ or specs/ (so a later codegen change cannot move the fixtures). */
export function fixtureDocument(name: string): JsonValue {
  return JSON.parse(readFileSync(path.join(fixturesDirectory, 'documents', name), 'utf8')) as JsonValue
}

export interface ChangeCase {
  name: string
  title: string
  before: JsonValue
  after: JsonValue
  expected: RuleId[]
  /** The release a consumer of the changed package needs, judged per case apart from the rule table. */
  expectedBump: Bump | 'none'
}

/**
 * Each `changes/<name>.overlay.json` is one realistic upstream edit of a real document, as an Overlay 1.0
 * document (`x-base` the document, `x-prepare` optional set-up actions, `x-expect` the rules reported,
 * `x-bump` the version bump the change asks of a consumer: a wrong rule classification fails the case).
 */
export function changeCases(): ChangeCase[] {
  const directory = path.join(fixturesDirectory, 'changes')
  return readdirSync(directory)
    .filter((file) => file.endsWith('.overlay.json'))
    .sort()
    .map((file) => {
      const overlay = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as OverlayDocument & {
        'x-base': string
        'x-expect': RuleId[]
        'x-bump': Bump | 'none'
        'x-prepare'?: OverlayDocument['actions']
      }
      const base = fixtureDocument(overlay['x-base'])
      // `x-prepare`: actions that first give the real document a construct it lacks (a webhook, an
      // XML response...), so the edit under test starts from a document that has it.
      const before =
        overlay['x-prepare'] === undefined
          ? base
          : applyOverlay(base, { ...overlay, actions: overlay['x-prepare'] }, file, overlay['x-base']).document
      const { document: after } = applyOverlay(before, overlay, file, overlay['x-base'])
      return {
        name: file.replace('.overlay.json', ''),
        title: overlay.info.title,
        before,
        after,
        expected: overlay['x-expect'],
        expectedBump: overlay['x-bump'],
      }
    })
}
