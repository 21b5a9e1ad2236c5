import type { FamilyTaskStates } from './family-task-states.js'

/**
 * kie.ai's task states (recordInfo `data.state`, and its callbacks), shared by its white labels. The named examples
 * are those of the Get Task Details document.
 */
export const kieTaskStates = {
  running: [
    { state: 'waiting', status: 'queued', example: 'waiting', share: 0.1 },
    { state: 'queuing', status: 'queued', example: 'queuing', share: 0.1 },
    { state: 'generating', status: 'running', example: 'generating', share: 0.8, progressing: true },
  ],
  success: { state: 'success', example: 'success' },
  failure: { state: 'fail', example: 'fail' },
} as const satisfies FamilyTaskStates
