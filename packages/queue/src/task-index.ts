/** The Redis key naming the job of a provider's task, so a callback (which knows only the task id) finds its job. */
export function taskIndexKey(prefix: string, queueName: string, provider: string, taskId: string): string {
  return `${prefix}:${queueName}:task:${provider}:${taskId}`
}

/** How long the index keeps a task: kie.ai keeps results about a day, callbacks come well before. */
export const taskIndexSeconds = 2 * 86_400
