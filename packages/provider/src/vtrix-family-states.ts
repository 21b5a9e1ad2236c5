import type { FamilyTaskStates } from './family-task-states.js'

/** vtrix.ai's task states (the task object's `status`). The named examples are those of its GET task document. */
export const vtrixTaskStates = {
  running: [
    { state: 'pending', status: 'queued', example: 'pending', share: 0.2 },
    { state: 'in_progress', status: 'running', example: 'in-progress', share: 0.8, progressing: true },
  ],
  success: { state: 'completed', example: 'completed' },
  failure: { state: 'failed', example: 'failed' },
  // The GET task document also shows a running task as `processing` (its `processing` example).
  runningAliases: ['processing'],
} as const satisfies FamilyTaskStates
