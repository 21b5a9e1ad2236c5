import { loadManifests } from '@sorakit/codegen'
import { describe, expect, it } from 'vitest'
import { mockProviders, mockServerSpecs } from '../src/mock-providers.js'
import { generatedClientFactory } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

describe('mock providers', () => {
  it('come from specs/: every provider, each server of each, the models of its bundled document; each has a generated client (from the registry) for the contract tests', async () => {
    const manifests = await loadManifests(repositoryRoot)
    expect(mockProviders.map((provider) => provider.table.id).sort()).toEqual(
      manifests.map((manifest) => manifest.id).sort(),
    )
    for (const manifest of manifests) {
      const provider = mockProviders.find((candidate) => candidate.table.id === manifest.id)!
      expect(provider.defaultPorts).toEqual(manifest.mockPorts)
      expect(Object.keys(provider.defaultPorts).sort()).toEqual(Object.keys(manifest.servers).sort())
      expect(Object.keys(provider.table.models).length).toBeGreaterThan(0)
      expect(await generatedClientFactory(manifest.id)).toBeTypeOf('function')
    }
  })

  it('keep the documented default ports, flags and variables', () => {
    const specs = mockServerSpecs().map((spec) => [
      spec.key,
      spec.defaultPort,
      spec.portFlag,
      spec.portEnvironmentVariable,
    ])
    // Frontends hard-code these: a provider added later gets its own, and these never change.
    expect(specs).toEqual(
      expect.arrayContaining([
        ['kie', 4010, '--kie-port', 'SORAKIT_MOCK_KIE_PORT'],
        ['kie-upload', 4013, '--kie-upload-port', 'SORAKIT_MOCK_KIE_UPLOAD_PORT'],
        ['apikley', 4011, '--apikley-port', 'SORAKIT_MOCK_APIKLEY_PORT'],
        ['apikley-upload', 4014, '--apikley-upload-port', 'SORAKIT_MOCK_APIKLEY_UPLOAD_PORT'],
        ['vtrix', 4012, '--vtrix-port', 'SORAKIT_MOCK_VTRIX_PORT'],
      ]),
    )
    expect(new Set(specs.map(([, port]) => port)).size).toBe(specs.length)
  })
})
