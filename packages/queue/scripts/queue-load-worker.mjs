// One worker process of the load test (scripts/queue-load.mjs forks four, and kills two with SIGKILL).
// Argv: <redis port> <kie base URL> <apikley base URL>.
import { createVideoWorker } from '../dist/index.js'

const [port, kieBaseUrl, apikleyBaseUrl] = process.argv.slice(2)
const rateBudget = { creates: 100_000, windowMs: 1_000 }
createVideoWorker({
  connection: { host: '127.0.0.1', port: Number(port) },
  name: 'load',
  providers: {
    kie: { apiKey: 'load-key', baseUrl: kieBaseUrl, rateBudget },
    apikley: { apiKey: 'load-key', baseUrl: apikleyBaseUrl, rateBudget },
  },
  concurrency: 50,
  // The mock's tasks last about 5 s.
  polling: { expectedDurationMs: 5_000, minIntervalMs: 500, denseIntervalMs: 1_000, maxIntervalMs: 5_000 },
  createRetries: 2,
  retryBackoffMs: 500,
  rateLimitBudgetMs: 10_000,
  // A killed worker's jobs come back within seconds.
  lockDurationMs: 5_000,
  stalledIntervalMs: 2_000,
})
process.send?.('ready')
