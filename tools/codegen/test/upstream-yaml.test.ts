import { describe, expect, it } from 'vitest'
import {
  flattenYaml,
  parseUpstreamYaml,
  repairFlattenedYaml,
  sha256Hex,
  vendoredJsonFromYaml,
} from '../src/upstream-yaml.js'

const reference = `openapi: 3.0.0
info:
  title: Sora-2-image-to-video API
  description: >-
    kie.ai API


    - first point
servers:
  - url: https://api.kie.ai
paths:
  /api/v1/jobs/createTask:
    post:
      requestBody:
        content:
          application/json:
            schema:
              properties:
                progressCallBackUrl:
                  type: string
                prompt:
                  type: string
                  maxLength: 10000
`

// What a white-label page looks like once its indentation is lost: re-worded, one field dropped.
const flattened = `openapi: 3.0.0
info:
title: Sora-2-image-to-video API
description: >-
Apikley API
- first point
servers:
- url: https://api.apikley.ru
paths:
/api/v1/jobs/createTask:
post:
requestBody:
content:
application/json:
schema:
properties:
prompt:
type: string
maxLength: 10000
`

describe('repairFlattenedYaml', () => {
  it('restores the structure from the reference and keeps exactly the page text', () => {
    const repaired = repairFlattenedYaml(flattened, reference)
    expect(flattenYaml(repaired)).toEqual(flattenYaml(flattened))
    expect(parseUpstreamYaml(repaired, 'page.yaml')).toEqual({
      openapi: '3.0.0',
      info: { title: 'Sora-2-image-to-video API', description: 'Apikley API\n\n- first point' },
      servers: [{ url: 'https://api.apikley.ru' }],
      paths: {
        '/api/v1/jobs/createTask': {
          post: {
            requestBody: {
              content: {
                'application/json': { schema: { properties: { prompt: { type: 'string', maxLength: 10000 } } } },
              },
            },
          },
        },
      },
    })
  })

  it('the flattened text itself is not YAML a parser accepts as the document', () => {
    expect(() => parseUpstreamYaml(flattened, 'page.yaml')).toThrow(
      /page\.yaml: malformed YAML at line \d+, column \d+/,
    )
  })
})

describe('vendoring', () => {
  it('converts YAML to stable JSON and hashes the upstream text as published', () => {
    expect(vendoredJsonFromYaml("a: '10'\nb: [1, 2]\n", 'x.yaml')).toBe(
      '{\n  "a": "10",\n  "b": [\n    1,\n    2\n  ]\n}\n',
    )
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('rejects duplicate keys instead of silently keeping one', () => {
    expect(() => parseUpstreamYaml('a: 1\na: 2\n', 'dup.yaml')).toThrow(/dup\.yaml: malformed YAML/)
  })
})
