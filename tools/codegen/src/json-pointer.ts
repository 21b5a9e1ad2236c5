/** RFC 6901 JSON pointers: the codegen's one way to say where something is inside a document. */

export type PathSegment = string | number

export function toPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('')
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`)
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** Resolves a pointer; `undefined` when any segment is missing. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let node: unknown = root
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}
