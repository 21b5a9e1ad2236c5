#!/usr/bin/env node
// Part of `pnpm build`: writes dist/provider-manifests.json, the facts the mock reads from each
// specs/<id>/manifest.json (id, name, family, servers, mock ports, model operation), so `npx sorakit-mock`
// installed outside this repository (no specs/ there) serves the same providers on the same ports.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const specs = fileURLToPath(new URL('../../../specs', import.meta.url))
const output = fileURLToPath(new URL('../dist/provider-manifests.json', import.meta.url))
const manifests = readdirSync(specs, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => JSON.parse(readFileSync(path.join(specs, name, 'manifest.json'), 'utf8')))
  .map(({ id, displayName, family, servers, mockPorts, modelOperation }) => ({
    id,
    displayName,
    family,
    servers,
    mockPorts,
    modelOperation,
  }))
mkdirSync(path.dirname(output), { recursive: true })
writeFileSync(output, `${JSON.stringify(manifests, null, 2)}\n`)
