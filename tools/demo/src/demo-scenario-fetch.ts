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
  return {
    polls,
    fetch(request) {
      if (request.method !== 'GET') return fetch(request)
      const state = states[Math.min(polls.length, states.length - 1)]!
      polls.push(state)
      onPoll(polls.length, state)
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
  const asked = url.searchParams.get('taskId') ?? decodeURIComponent(url.pathname.split('/').pop() ?? '')
  const text = await response.text()
  let body: { id?: unknown; data?: { taskId?: unknown } } | undefined
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    body = undefined
  }
  if (typeof body?.data?.taskId === 'string') body.data.taskId = asked
  else if (typeof body?.id === 'string') body.id = asked
  return new Response(body === undefined ? text : JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
