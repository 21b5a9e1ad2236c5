// A worker process that dies with SIGKILL at a chosen moment of its first job, as a crashed machine
// would: `after-create` once the task handle is stored, `during-create` once the create's answer
// arrived but before the worker could store it. Argv: <redis port> <queue name> <kie base URL> <moment>.
import { createVideoWorker } from '../../dist/index.js'

const [port, name, kieBaseUrl, moment] = process.argv.slice(2)
const die = () => process.kill(process.pid, 'SIGKILL')
const killingFetch = async (request) => {
  const response = await fetch(request)
  if (moment === 'during-create' && request.method === 'POST') die()
  return response
}
createVideoWorker({
  connection: { host: '127.0.0.1', port: Number(port) },
  name,
  providers: { kie: { apiKey: 'test-key', baseUrl: kieBaseUrl, fetch: killingFetch } },
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
  onJobEvent(event) {
    if (event.type === 'handle-stored' && moment === 'after-create') die()
  },
})
process.send?.('ready')
