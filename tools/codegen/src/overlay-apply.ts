import { exec } from 'jsonpath-rfc9535'
import { CodegenError } from './codegen-error.js'
import { toPointer, type PathSegment } from './json-pointer.js'
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json-value.js'

export interface OverlayAction {
  target: string
  description: string
  update?: JsonValue
  remove?: true
}

export interface OverlayDocument {
  overlay: string
  info: { title: string; version: string }
  actions: OverlayAction[]
}

/** What one action touched, so a later check can tell an explicit change from a silent one. */
export interface AppliedAction {
  overlayFile: string
  actionIndex: number
  description: string
  kind: 'update' | 'remove'
  /** JSON pointers of the nodes the target matched, in the document as it was before the action. */
  pointers: string[]
}

/**
 * Applies an Overlay 1.0 document. JSONPath targets are evaluated by jsonpath-rfc9535 (RFC 9535, as
 * Overlay 1.0 requires). The action semantics are ours because no kept npm library reports a target
 * that matches nothing, which here must be an error. `update` merges objects recursively (a nested
 * array or scalar in the update replaces the target's) and appends to a target array; `remove`
 * deletes every matched node.
 */
export function applyOverlay(
  document: JsonValue,
  overlay: OverlayDocument,
  overlayFile: string,
  documentFile: string,
): { document: JsonValue; applied: AppliedAction[] } {
  const result = cloneJson(document)
  const applied = overlay.actions.map((action, actionIndex) =>
    applyAction(result, action, actionIndex, overlayFile, documentFile),
  )
  return { document: result, applied }
}

function applyAction(
  document: JsonValue,
  action: OverlayAction,
  actionIndex: number,
  overlayFile: string,
  documentFile: string,
): AppliedAction {
  const actionPointer = toPointer(['actions', actionIndex])
  const matches = matchTarget(document, action.target, overlayFile, actionPointer)
  if (matches.length === 0) {
    throw new CodegenError({
      file: overlayFile,
      pointer: `${actionPointer}/target`,
      message: `target ${action.target} matches nothing in ${documentFile}`,
    })
  }
  const kind = action.remove === true ? 'remove' : 'update'
  const pointers = matches.map((match) => toPointer(match.path))
  if (kind === 'remove') {
    // Deepest and last first, so removing one match never shifts the index of another.
    for (const match of [...matches].reverse()) removeAt(document, match.path, overlayFile, actionPointer)
  } else {
    for (const match of matches) updateNode(match.value, action.update as JsonValue, overlayFile, actionPointer)
  }
  return { overlayFile, actionIndex, description: action.description, kind, pointers }
}

function matchTarget(
  document: JsonValue,
  target: string,
  overlayFile: string,
  actionPointer: string,
): Array<{ value: JsonValue; path: PathSegment[] }> {
  const matches: Array<{ value: JsonValue; path: PathSegment[] }> = []
  try {
    exec(document, target, (value, path) => matches.push({ value, path: [...path] }))
  } catch (error) {
    throw new CodegenError({
      file: overlayFile,
      pointer: `${actionPointer}/target`,
      message: `invalid JSONPath ${target}: ${(error as Error).message}`,
    })
  }
  return matches
}

function removeAt(document: JsonValue, path: PathSegment[], overlayFile: string, actionPointer: string): void {
  if (path.length === 0)
    throw new CodegenError({
      file: overlayFile,
      pointer: `${actionPointer}/target`,
      message: 'cannot remove the document root',
    })
  const parent = nodeAt(document, path.slice(0, -1))
  const key = path[path.length - 1]!
  if (Array.isArray(parent)) parent.splice(Number(key), 1)
  else if (isJsonObject(parent)) delete parent[String(key)]
}

function updateNode(target: JsonValue, update: JsonValue, overlayFile: string, actionPointer: string): void {
  if (Array.isArray(target)) {
    target.push(...(Array.isArray(update) ? cloneJson(update) : [cloneJson(update)]))
  } else if (isJsonObject(target) && isJsonObject(update)) {
    mergeInto(target, update)
  } else {
    throw new CodegenError({
      file: overlayFile,
      pointer: `${actionPointer}/update`,
      message:
        'an update needs an object or array target and an object update; to replace a value, target its parent object',
    })
  }
}

function mergeInto(target: JsonObject, update: JsonObject): void {
  for (const [key, value] of Object.entries(update)) {
    const existing = target[key]
    if (isJsonObject(existing) && isJsonObject(value)) mergeInto(existing, value)
    else target[key] = cloneJson(value)
  }
}

function nodeAt(document: JsonValue, path: readonly PathSegment[]): JsonValue {
  let node = document
  for (const segment of path) node = (node as Record<string, JsonValue>)[String(segment)] as JsonValue
  return node
}
