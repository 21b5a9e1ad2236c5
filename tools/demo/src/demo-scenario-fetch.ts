// Browser-safe: bundled into the browser test's page as well as run by `pnpm demo`.

/** A fetch the facade can take (`createSora({ fetch })`). */
export type FetchFunction = (request: Request) => Promise<Response>

export interface ScenarioFetch {
  /** Hand this to `createSora({ fetch })`. */
  fetch: FetchFunction
  /** The example each poll asked for, in order. */
  readonly polls: readonly string[]
}

/**
 * Prism keeps no state: every status request gets the same default example. This fetch walks a task
 * through its documented states instead, asking the mock for the next one with `Prefer: example=<state>`
 * on each poll (the last state repeats). A poll is a GET: the flows the demo runs send nothing else by
 * GET, and the creates (POST) keep the mock's default example.
 */
export function createScenarioFetch(
  states: readonly string[],
  onPoll: (poll: number, state: string) => void = () => undefined,
  fetch: FetchFunction = (request) => globalThis.fetch(request),
): ScenarioFetch {
  if (states.length === 0) throw new Error('createScenarioFetch needs at least one state')
  const polls: string[] = []
  let polledUrl: string | undefined
  return {
    polls,
    fetch(request) {
      if (request.method !== 'GET') return fetch(request)
      // A poll reads the first URL polled; another read in between (fal's result route, once the status says done)
      // asks for the current state's example of its own operation.
      polledUrl ??= request.url
      if (request.url === polledUrl || polls.length === 0) {
        polls.push(states[Math.min(polls.length, states.length - 1)]!)
        onPoll(polls.length, polls.at(-1)!)
      }
      const state = polls.at(-1)!
      const headers = new Headers(request.headers)
      headers.set('Prefer', `example=${state}`)
      return fetch(new Request(request, { headers })).then((response) => withAskedTaskId(request, response))
    },
  }
}

/**
 * Prism's examples carry their own task id, and the facade refuses a record of another task than the
 * one asked: the state played is the asked task's, as a real provider would answer it.
 */
async function withAskedTaskId(request: Request, response: Response): Promise<Response> {
  const url = new URL(request.url)
  // The id the URL names: kie's `taskId` query, the segment after `requests` of a queue's routes (fal), else the last.
  const segments = url.pathname.split('/')
  const queued = segments.indexOf('requests')
  const asked =
    url.searchParams.get('taskId') ?? decodeURIComponent((queued > 0 ? segments[queued + 1] : segments.at(-1)) ?? '')
  const text = await response.text()
  let body: { id?: unknown; request_id?: unknown; data?: { taskId?: unknown } } | undefined
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    body = undefined
  }
  if (typeof body?.data?.taskId === 'string') body.data.taskId = asked
  else if (typeof body?.id === 'string') body.id = asked
  else if (typeof body?.request_id === 'string') body.request_id = asked
  return new Response(body === undefined ? text : JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
