import { describe, expect, it } from 'vitest'
import { bumpCovers, changeRules, requiredBump, ruleIds, type RuleId } from '../src/change-rules.js'
import { diffDocuments } from '../src/contract-diff.js'
import { changeCases, fixtureDocument } from './fixture-cases.js'

const cases = changeCases()

describe('each realistic change to a real document is classified by its rule', () => {
  it.each(cases.map((change) => [change.name, change] as const))('%s', (_name, change) => {
    const changes = diffDocuments(change.before, change.after)
    expect([...new Set(changes.map((item) => item.rule))].sort()).toEqual([...change.expected].sort())
    for (const item of changes) expect(item.classification).toBe(changeRules[item.rule].classification)
    expect(requiredBump(changes.map((item) => item.rule)) ?? 'none').toBe(change.expectedBump)
  })

  it('covers every rule of the table with at least one case', () => {
    const covered = new Set(cases.flatMap((change) => change.expected))
    expect(ruleIds.filter((rule) => !covered.has(rule))).toEqual([])
    expect(cases.length).toBeGreaterThanOrEqual(12)
  })
})

function changesOf(name: string) {
  const change = cases.find((item) => item.name === name)!
  return diffDocuments(change.before, change.after)
}

describe('where and what each change says', () => {
  it('names the model removed from and added to the createTask union', () => {
    expect(changesOf('model-removed')).toContainEqual(
      expect.objectContaining({
        rule: 'model-removed',
        operation: 'POST /api/v1/jobs/createTask',
        classification: 'breaking',
        before: 'sora-2-text-to-video',
      }),
    )
    expect(changesOf('model-added')).toContainEqual(
      expect.objectContaining({
        rule: 'model-added',
        classification: 'non-breaking',
        after: 'sora-2-text-to-video-stable',
      }),
    )
  })

  it('locates a request field inside its union member', () => {
    expect(changesOf('request-field-removed')).toEqual([
      expect.objectContaining({ location: 'request body [model=sora-2-image-to-video] progressCallBackUrl' }),
    ])
    expect(changesOf('request-enum-value-removed')).toEqual([
      expect.objectContaining({
        location: 'request body [model=sora-2-image-to-video] input.n_frames',
        before: ['15'],
      }),
    ])
    expect(changesOf('request-type-narrowed')).toEqual([
      expect.objectContaining({
        location: 'request body [model=sora-2-pro-storyboard] input.shots[].duration',
        message: 'type number → integer',
      }),
    ])
  })

  it('pairs a rename one to one and says the new name', () => {
    expect(changesOf('request-field-renamed')).toEqual([
      expect.objectContaining({
        location: 'request body [model=sora-2-pro-text-to-video] input.remove_watermark',
        message: 'renamed to watermark_removal (same schema)',
      }),
    ])
  })

  it('reports a response change in every operation that returns it (recordInfo and both callbacks)', () => {
    const operations = changesOf('response-field-nullable').map((item) => `${item.operation} ${item.location}`)
    expect(operations).toEqual([
      'POST /api/v1/jobs/createTask callback taskCompleted POST {$request.body#/callBackUrl} body data.createTime',
      'POST /api/v1/jobs/createTask callback taskProgress POST {$request.body#/progressCallBackUrl} body data.createTime',
      'GET /api/v1/jobs/recordInfo response 200 data.createTime',
    ])
  })

  it('reads 3.1 type arrays: integer → integer|null is nullable, integer → number is a wider response type', () => {
    expect(changesOf('response-field-nullable')[0]).toMatchObject({ before: ['integer'], after: ['integer', 'null'] })
    expect(changesOf('response-type-widened')[0]).toMatchObject({
      rule: 'response-type-widened',
      message: 'type integer | null → number | null',
    })
  })

  it('reports lowered maxLength and maxItems with both values', () => {
    expect(changesOf('request-max-length-lowered')).toEqual([
      expect.objectContaining({ message: 'maxLength 10000 → 5000', before: 10000, after: 5000 }),
    ])
    expect(changesOf('request-max-items-lowered')).toEqual([expect.objectContaining({ message: 'maxItems 5 → 3' })])
  })
})

describe('the kinds an external corpus caught misclassified', () => {
  it('follows additionalProperties given as a $ref into the named schema', () => {
    expect(changesOf('request-additional-properties-ref-tightened')).toEqual([
      expect.objectContaining({
        rule: 'request-limit-tightened',
        location: 'request body [model=sora-2-text-to-video] input.metadata.{*}',
        message: 'maxLength 200 → 100',
      }),
    ])
  })

  it('judges response media types by the type that changed: the only JSON body removed is breaking, XML next to JSON is not', () => {
    expect(changesOf('response-json-body-removed')).toContainEqual(
      expect.objectContaining({
        rule: 'response-field-removed',
        classification: 'breaking',
        location: 'response 200 [application/json]',
      }),
    )
    expect(changesOf('response-media-type-added')).toEqual([
      expect.objectContaining({ classification: 'non-breaking', location: 'response 200 [application/xml]' }),
    ])
    expect(changesOf('response-media-type-removed')).toEqual([
      expect.objectContaining({ classification: 'info', location: 'response 200 [application/xml]' }),
    ])
  })

  it('reads a request pattern dropped or made `.+` or empty as loosening, any other new pattern as tightening', () => {
    expect(changesOf('request-pattern-empty')).toEqual([
      expect.objectContaining({ classification: 'non-breaking', message: 'pattern "^https://" → ""' }),
    ])
    expect(changesOf('request-pattern-removed').map((change) => change.classification)).toEqual(['non-breaking'])
    expect(changesOf('request-pattern-any')).toEqual([
      expect.objectContaining({ classification: 'non-breaking', message: 'pattern "^https://" → ".+"' }),
    ])
    expect(changesOf('request-pattern-changed').map((change) => change.classification)).toEqual(['breaking'])
  })

  it('reports a discriminator added to a response union once per place, not as new enum values', () => {
    expect(
      changesOf('response-discriminator-added').map((change) => `${change.classification} ${change.message}`),
    ).toEqual(Array(3).fill('info discriminator (none) → "kind"'))
  })

  it('an operationId where there was none is an addition', () => {
    expect(changesOf('operation-id-added')).toEqual([
      expect.objectContaining({ classification: 'non-breaking', message: 'operationId (none) → get-account-credits' }),
    ])
  })

  it('finds request limits tightened inside then, else, contains and prefixItems', () => {
    expect(changesOf('request-limit-tightened-in-conditional').map((change) => change.location)).toEqual([
      'request body [model=sora-2-text-to-video] input [then] prompt',
      'request body [model=sora-2-text-to-video] input [else] prompt',
    ])
    expect(changesOf('request-limit-tightened-in-array-keywords').map((change) => change.location)).toEqual([
      'request body [model=sora-2-text-to-video] input.tags [contains]',
      'request body [model=sora-2-text-to-video] input.seed_pair [prefixItems 1]',
    ])
  })

  it('matches union members without a discriminator by content: a member inserted mid-list is one added variant, nothing removed', () => {
    expect(changesOf('response-union-member-inserted')).toEqual(
      Array(3).fill(expect.objectContaining({ rule: 'response-type-widened', message: 'union variant(s) 2 added' })),
    )
  })

  it('compares top-level webhooks like callbacks: bodies read as responses', () => {
    expect(changesOf('webhook-state-added')).toEqual([
      expect.objectContaining({
        rule: 'response-enum-value-added',
        operation: 'webhooks',
        location: 'webhook taskCompleted POST body state',
        after: ['cancelled'],
      }),
    ])
    expect(changesOf('webhook-removed')).toEqual([
      expect.objectContaining({
        rule: 'callback-removed',
        location: 'webhook taskCompleted POST',
        message: 'webhook removed',
      }),
    ])
  })

  it('leaves readOnly fields out of requests and writeOnly fields out of responses', () => {
    expect(changesOf('request-field-made-read-only')).toEqual([
      expect.objectContaining({
        location: 'request body [model=sora-2-text-to-video] progressCallBackUrl',
        message: 'now readOnly: no longer part of the request',
      }),
    ])
    expect(changesOf('response-field-made-write-only').map((change) => change.message)).toEqual(
      Array(3).fill('now writeOnly: no longer part of the response'),
    )
    expect(changesOf('response-field-made-read-only').map((change) => change.classification)).toEqual(
      Array(3).fill('info'),
    )
  })
})

describe('pairs that are not edits', () => {
  it('reports nothing for the same document with its keys in another order', () => {
    const document = fixtureDocument('kie-openapi.json')
    const reordered = JSON.parse(
      JSON.stringify(document, (_key, value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as typeof document
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(document))
    expect(diffDocuments(document, reordered)).toEqual([])
  })

  it('finds the real differences between the kie and Apikley copies of the same model document', () => {
    const changes = diffDocuments(
      fixtureDocument('kie-vendored-sora-2-pro-text-to-video.json'),
      fixtureDocument('apikley-vendored-sora-2-pro-text-to-video.json'),
    )
    const breaking = changes
      .filter((item) => item.classification === 'breaking')
      .map((item) => `${item.rule} ${item.location}`)
    expect(breaking).toEqual([
      'server-url-changed servers',
      'request-field-newly-required request body',
      'request-field-removed request body progressCallBackUrl',
      'request-field-removed request body input.upload_method',
      'response-field-optional response 200 data.taskId',
      'response-field-optional response 200 data',
    ])
    expect(changes.find((item) => item.rule === 'server-url-changed')).toMatchObject({
      before: ['https://api.kie.ai'],
      after: ['https://api.apikley.ru'],
    })
  })
})

describe('bumps', () => {
  it('asks for major on breaking, minor on additions, patch on information, nothing for no change', () => {
    const bumpOf = (...rules: RuleId[]) => requiredBump(rules)
    expect(bumpOf('documentation-changed', 'model-added', 'request-field-removed')).toBe('major')
    expect(bumpOf('documentation-changed', 'model-added')).toBe('minor')
    expect(bumpOf('documentation-changed')).toBe('patch')
    expect(bumpOf()).toBeUndefined()
    expect(bumpCovers('major', 'minor')).toBe(true)
    expect(bumpCovers('minor', 'major')).toBe(false)
  })
})
