import { readFile } from 'node:fs/promises'
import { CodegenError } from './codegen-error.js'
import type { JsonValue } from './json-value.js'

/**
 * Reads and parses a JSON file. A syntax error becomes a CodegenError with line and column, which
 * `JSON.parse` only reports as a character offset (and in a different wording on each Node major).
 */
export async function readJsonFile(absolutePath: string, displayPath: string): Promise<JsonValue> {
  let text: string
  try {
    text = await readFile(absolutePath, 'utf8')
  } catch (error) {
    throw new CodegenError({
      file: displayPath,
      message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    })
  }
  return parseJsonText(text, displayPath)
}

function parseJsonText(text: string, displayPath: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue
  } catch (error) {
    const offset = syntaxErrorOffset(text, (error as Error).message)
    const { line, column } = lineAndColumn(text, offset)
    throw new CodegenError({
      file: displayPath,
      message: `malformed JSON at line ${line}, column ${column}: ${(error as Error).message}`,
    })
  }
}

function syntaxErrorOffset(text: string, message: string): number {
  const position = /position (\d+)/.exec(message)
  if (position?.[1] !== undefined) return Number(position[1])
  // "Unexpected end of JSON input" carries no position: the problem is at the end.
  return text.length
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return { line, column }
}
