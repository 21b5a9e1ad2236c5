import { describe, expect, it } from 'vitest'
import { upgradeToOpenApi31 } from '../src/openapi-upgrade.js'

describe('upgradeToOpenApi31', () => {
  it('rewrites nullable and boolean exclusive bounds, and leaves example payloads alone', () => {
    const upgraded = upgradeToOpenApi31(
      {
        openapi: '3.0.0',
        components: {
          schemas: {
            A: { type: 'string', nullable: true, example: { nullable: true } },
            B: { type: 'string', enum: ['a', 'b'], nullable: true },
            C: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false },
            D: { type: 'integer', nullable: false },
          },
        },
      },
      'doc.json',
    )
    expect(upgraded).toEqual({
      openapi: '3.1.0',
      components: {
        schemas: {
          A: { type: ['string', 'null'], example: { nullable: true } },
          B: { type: ['string', 'null'], enum: ['a', 'b', null] },
          C: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          D: { type: 'integer' },
        },
      },
    })
  })

  it('returns a 3.1 document unchanged and rejects other versions', () => {
    const document = { openapi: '3.1.0', info: {} }
    expect(upgradeToOpenApi31(document, 'doc.json')).toBe(document)
    expect(() => upgradeToOpenApi31({ swagger: '2.0' }, 'doc.json')).toThrow(
      'doc.json#/openapi: not an OpenAPI document',
    )
    expect(() => upgradeToOpenApi31({ openapi: '3.2.0' }, 'doc.json')).toThrow('unsupported OpenAPI version 3.2.0')
  })
})
