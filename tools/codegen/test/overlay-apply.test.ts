import { describe, expect, it } from 'vitest'
import { CodegenError } from '../src/codegen-error.js'
import { applyOverlay, type OverlayAction } from '../src/overlay-apply.js'

const document = {
  openapi: '3.0.1',
  servers: [{ url: 'https://api.kie.ai', description: 'API Server' }],
  paths: {
    '/a': { get: { responses: { '200': { description: 'ok' }, '500': { $ref: '#/components/responses/Error' } } } },
  },
  components: {
    schemas: { A: { type: 'object', required: ['x'], properties: { x: { type: 'string' }, y: { type: 'integer' } } } },
  },
}

function apply(...actions: OverlayAction[]) {
  return applyOverlay(
    document,
    { overlay: '1.0.0', info: { title: 't', version: '1' }, actions },
    'x.overlay.json',
    'doc.json',
  )
}

describe('applyOverlay (Overlay 1.0)', () => {
  it('merges an update into an object recursively; a nested array or scalar replaces', () => {
    const { document: result } = apply({
      target: '$.components.schemas.A',
      description: 'test update',
      update: { required: ['x', 'y'], properties: { y: { nullable: true }, z: { type: 'boolean' } } },
    })
    expect(result).toMatchObject({
      components: {
        schemas: {
          A: {
            type: 'object',
            required: ['x', 'y'],
            properties: { x: { type: 'string' }, y: { type: 'integer', nullable: true }, z: { type: 'boolean' } },
          },
        },
      },
    })
  })

  it('appends to a target array', () => {
    const { document: result } = apply({
      target: '$.servers',
      description: 'test append',
      update: { url: 'https://api.apikley.ru' },
    })
    expect((result as typeof document).servers.map((server) => server.url)).toEqual([
      'https://api.kie.ai',
      'https://api.apikley.ru',
    ])
  })

  it('removes every matched node and reports their pointers', () => {
    const { document: result, applied } = apply({
      target: "$.paths['/a'].get.responses[*]",
      description: 'test remove',
      remove: true,
    })
    expect((result as typeof document).paths['/a'].get.responses).toEqual({})
    expect(applied[0]).toMatchObject({
      kind: 'remove',
      pointers: ['/paths/~1a/get/responses/200', '/paths/~1a/get/responses/500'],
    })
  })

  it('applies actions in order and never mutates its input', () => {
    const before = structuredClone(document)
    apply(
      { target: '$.components.schemas.A', description: 'first remove', remove: true },
      { target: '$.components.schemas', description: 'then add B', update: { B: { type: 'string' } } },
    )
    expect(document).toEqual(before)
  })

  it('fails when a target matches nothing, naming the action and the document', () => {
    expect(() => apply({ target: '$.components.schemas.Missing', description: 'no match', remove: true })).toThrow(
      new CodegenError({
        file: 'x.overlay.json',
        pointer: '/actions/0/target',
        message: 'target $.components.schemas.Missing matches nothing in doc.json',
      }),
    )
  })

  it('fails on an update whose target is a scalar', () => {
    expect(() => apply({ target: '$.openapi', description: 'scalar target', update: { x: 1 } })).toThrow(
      /needs an object or array target/,
    )
  })
})
