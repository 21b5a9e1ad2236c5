import type { TestProject } from 'vitest/node'
import { startCliMocks } from './global-setup.js'

/** The process tests' mocks: tasks take 8 s, long enough to press Ctrl-C after the first progress report. */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startCliMocks(project, 8_000)
}
