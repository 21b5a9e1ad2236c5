import type { TestProject } from 'vitest/node'
import { createConsumerProject, removeConsumerProject, type ConsumerProject } from '../src/consumer-project.js'

declare module 'vitest' {
  export interface ProvidedContext {
    consumerProject: ConsumerProject
  }
}

// One consumer project for every test file: packing and installing is most of this suite's time.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const consumerProject = await createConsumerProject()
  project.provide('consumerProject', consumerProject)
  return () => removeConsumerProject(consumerProject.root)
}
