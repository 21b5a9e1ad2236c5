import { describe, expect, it } from 'vitest'
import { parseJsonText } from '../src/json-text.js'
import { BufferedResponse } from '../src/transport-buffered-response.js'

// openapi-fetch may read a response as text, JSON, bytes or a blob (its `parseAs`); each must see the body.
describe('BufferedResponse', () => {
  const text = '{"code":200,"msg":"success","data":{"taskId":"task_1"}}'
  const original = new Response(text, {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
  })
  const buffered = () => new BufferedResponse(original, text, parseJsonText(text))

  it('answers every body reader with the body it was given', async () => {
    expect(await buffered().text()).toBe(text)
    expect(await buffered().json()).toEqual({ code: 200, msg: 'success', data: { taskId: 'task_1' } })
    expect(new TextDecoder().decode(await buffered().arrayBuffer())).toBe(text)
    const blob = await buffered().blob()
    expect(blob.type).toBe('application/json')
    expect(await blob.text()).toBe(text)
  })

  it('keeps status, headers and URL, and clones without sharing the parsed body', async () => {
    const response = buffered()
    expect([response.status, response.statusText, response.ok, response.headers.get('content-type')]).toEqual([
      200,
      'OK',
      true,
      'application/json',
    ])
    expect(response.url).toBe(original.url)
    const clone = response.clone()
    ;((await clone.json()) as { data: { taskId: string } }).data.taskId = 'changed'
    expect(await response.json()).toMatchObject({ data: { taskId: 'task_1' } })
  })

  it('parses JSON lazily when the transport could not', async () => {
    expect(parseJsonText('')).toBeUndefined()
    expect(parseJsonText('{oops')).toBeUndefined()
    await expect(new BufferedResponse(original, '{oops', undefined).json()).rejects.toThrow(SyntaxError)
  })
})
