/**
 * A Response whose body the transport already read (so its timeout covered the body) and parsed.
 * Rebuilding a Response from the text would make undici stream and parse it all again: for a
 * small JSON answer that costs more than the request itself over loopback.
 */
export class BufferedResponse extends Response {
  readonly #text: string
  readonly #json: unknown
  readonly #headers: Headers

  /** `json` is the parsed body, or undefined when it is not JSON. */
  constructor(original: Response, text: string, json: unknown) {
    super(null, { status: original.status, statusText: original.statusText })
    this.#text = text
    this.#json = json
    this.#headers = original.headers
  }

  override get headers(): Headers {
    return this.#headers
  }

  override async text(): Promise<string> {
    return this.#text
  }

  override async json(): Promise<unknown> {
    return this.#json === undefined ? JSON.parse(this.#text) : this.#json
  }

  override clone(): Response {
    return new BufferedResponse(this, this.#text, this.#json === undefined ? undefined : structuredClone(this.#json))
  }
}

/** The parsed body, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
