#!/usr/bin/env node
import { performance } from 'node:perf_hooks'
import { createConsumerProject, removeConsumerProject } from './consumer-project.js'

// Run by `pnpm bootstrap`: installs the consumer project once and throws it away, so npm's cache holds
// the registry metadata and tarballs the packaging tests need. Resolving a project without a lockfile
// fetches every dependency's full registry document; on a cold cache behind a slow registry mirror
// that took CI over ten minutes, which belongs to installing, not to `pnpm test`.
const started = performance.now()
const project = await createConsumerProject()
await removeConsumerProject(project.root)
console.log(
  `consumer project dependencies prefetched into npm's cache (${project.packed.length} packed packages, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
)
