/** The parsed JSON text, or undefined when it is empty or not JSON (providers send both). */
export function parseJsonText(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
