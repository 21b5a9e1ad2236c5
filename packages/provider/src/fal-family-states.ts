import type { FamilyTaskStates } from './family-task-states.js'

/**
 * fal.ai's queue states (the QueueStatus `status`). The queue has no failed state: a request that failed is
 * `COMPLETED` with `error` set. The named examples are those of its status operation (specs/fal overlay).
 */
export const falTaskStates = {
  running: [
    { state: 'IN_QUEUE', status: 'queued', example: 'in-queue', share: 0.3 },
    { state: 'IN_PROGRESS', status: 'running', example: 'in-progress', share: 0.7 },
  ],
  success: { state: 'COMPLETED', example: 'completed' },
  failure: { state: 'COMPLETED', example: 'failed', errorField: 'error' },
} as const satisfies FamilyTaskStates
