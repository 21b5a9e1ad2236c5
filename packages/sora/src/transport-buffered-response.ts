/**
 * A Response whose body the transport already read (so its timeout covered the body) and parsed.
 * Rebuilding a Response from the text would make undici stream and parse it all again: for a
 * small JSON answer that costs more than the request itself over loopback.
 */
export class BufferedResponse extends Response {
  readonly #text: string
  readonly #json: unknown
  readonly #headers: Headers
  readonly #url: string

  /** `json` is the parsed body, or undefined when it is not JSON. */
  constructor(original: Response, text: string, json: unknown) {
    super(null, { status: original.status, statusText: original.statusText })
    this.#text = text
    this.#json = json
    this.#headers = original.headers
    this.#url = original.url
  }

  /** The body text, read once by the transport. */
  get bodyText(): string {
    return this.#text
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

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.#text).buffer as ArrayBuffer
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#text], { type: this.#headers.get('content-type') ?? '' })
  }

  override get url(): string {
    return this.#url
  }

  override clone(): Response {
    return new BufferedResponse(this, this.#text, this.#json === undefined ? undefined : structuredClone(this.#json))
  }
}
