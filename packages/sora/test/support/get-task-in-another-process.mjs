// Run by handle-serialisation.test.ts in a separate Node process: a handle that crossed a process
// boundary as JSON must work with a brand-new facade (the built package, as a consumer loads it).
import { createSora } from '../../dist/index.js'

const [handleJson, baseUrl] = process.argv.slice(2)
const handle = JSON.parse(handleJson)
const sora = createSora({ provider: handle.provider, apiKey: 'other-process-key', baseUrl })
const task = await sora.getTask(handle)
process.stdout.write(JSON.stringify({ taskId: task.taskId, status: task.status, videoUrls: task.videoUrls }))
