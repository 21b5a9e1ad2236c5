// The browser test's page script, bundled by esbuild for the browser: the facade's kie.ai entry and the
// demo's flow, run against the kie.ai mock on another origin (given as `?mock=<base URL>`).
import { createSora } from '@sorakit/sora/kie'
import { runDemoFlow } from '../src/demo-flow.js'

const log = document.querySelector('#log')!
const baseUrl = new URL(location.href).searchParams.get('mock')

async function run(): Promise<void> {
  if (baseUrl === null) throw new Error('the page needs ?mock=<kie.ai mock base URL>')
  const task = await runDemoFlow({
    provider: 'kie',
    operation: 'textToVideo',
    createSora: (fetch) => createSora({ apiKey: 'browser-test-key', baseUrl, fetch }),
    print: (line) => log.append(`${line}\n`),
  })
  document.body.dataset['task'] = JSON.stringify({
    status: task.status,
    taskId: task.taskId,
    videoUrls: task.videoUrls,
  })
  document.body.dataset['result'] = 'succeeded'
}

run().catch((error: unknown) => {
  log.append(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`)
  document.body.dataset['result'] = 'failed'
})
