import { describe, expect, it } from 'vitest'
import {
  entryPointFields,
  packagingProblems,
  publicPackageMetadata,
  publishedManifest,
  readLicenseText,
  type PackedPackage,
} from '../src/index.js'

const license = 'MIT License\n'

function compliant(): PackedPackage {
  return {
    directory: 'packages/example',
    manifest: {
      name: '@sorakit/example',
      version: '1.0.0',
      ...publicPackageMetadata('packages/example'),
      type: 'module',
      ...entryPointFields({ '.': 'index', './extra': 'extra' }, { './openapi.json': './openapi.json' }),
      dependencies: { 'openapi-fetch': '^0.17.0' },
    },
    files: [
      'LICENSE',
      'README.md',
      'package.json',
      'openapi.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/extra.js',
      'dist/extra.d.ts',
    ],
    licenseText: license,
  }
}

function problemsAfter(change: (packed: PackedPackage) => void): string[] {
  const packed = compliant()
  change(packed)
  return packagingProblems(packed, license)
}

describe('packagingProblems', () => {
  it('accepts Prism at one exact version (pinned on purpose) and nothing looser than a caret for it', () => {
    const pinned = (range: string) => (packed: PackedPackage) =>
      void (packed.manifest['dependencies'] = { '@stoplight/prism-http': range })
    expect(problemsAfter(pinned('5.12.0'))).toEqual([])
    expect(problemsAfter(pinned('>=5.12.0'))).toEqual([
      expect.stringMatching(/@stoplight\/prism-http is published as ">=5\.12\.0": use a caret range/),
    ])
  })

  it('refuses benches and repository scripts in the tarball', () => {
    const problems = problemsAfter(
      (packed) =>
        (packed.files = [...packed.files, 'dist/mock-bench.js', 'dist/readme-cli.d.ts', 'bench/facade-size.mjs']),
    )
    expect(problems).toHaveLength(3)
    expect(problems[0]).toContain('dist/mock-bench.js is published')
  })

  it('accepts a package built from the policy', () => {
    expect(packagingProblems(compliant(), license)).toEqual([])
  })

  it.each([
    [
      'a missing LICENSE',
      (packed: PackedPackage) => void (packed.licenseText = undefined),
      /no LICENSE: copy the repository's LICENSE into packages\/example/,
    ],
    ['another license text', (packed: PackedPackage) => void (packed.licenseText = 'Apache'), /LICENSE differs/],
    [
      'an old engines range',
      (packed: PackedPackage) => void (packed.manifest['engines'] = { node: '>=20' }),
      /"engines" must be \{"node":"\^20\.19\.0 \|\| >=22\.12\.0"\}/,
    ],
    ['no repository', (packed: PackedPackage) => void delete packed.manifest['repository'], /"repository" must be/],
    [
      'an exact runtime dependency',
      (packed: PackedPackage) => void (packed.manifest['dependencies'] = { 'openapi-fetch': '0.17.0' }),
      /openapi-fetch is published as "0\.17\.0": use a caret range/,
    ],
    [
      'an import-only entry point',
      (packed: PackedPackage) =>
        void ((packed.manifest['exports'] as Record<string, unknown>)['./extra'] = {
          types: './dist/extra.d.ts',
          import: './dist/extra.js',
        }),
      /exports\["\.\/extra"\] has conditions \["types","import"\]/,
    ],
    [
      'a subpath node10 cannot find',
      (packed: PackedPackage) => void delete packed.manifest['typesVersions'],
      /typesVersions\["\*"\]\["extra"\] must be \["\.\/dist\/extra\.d\.ts"\]/,
    ],
    [
      'an entry point missing from the tarball',
      (packed: PackedPackage) => void (packed.files = packed.files.filter((file) => file !== 'dist/extra.js')),
      /exports\["\.\/extra"\] points at \.\/dist\/extra\.js, which is not in the tarball/,
    ],
    [
      'published scripts',
      (packed: PackedPackage) => void (packed.manifest['scripts'] = { build: 'tsc' }),
      /"scripts" is published/,
    ],
    [
      'a workspace protocol',
      (packed: PackedPackage) => void (packed.manifest['peerDependencies'] = { '@sorakit/kie': 'workspace:*' }),
      /still contains "workspace:\*"/,
    ],
  ])('names %s and its fix', (_case, change, message) => {
    const problems = problemsAfter(change)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^@sorakit\/example \(packages\/example\): /)
    expect(problems[0]).toMatch(message)
  })
})

describe('publishedManifest', () => {
  it('drops the workspace-only fields and keeps the rest', () => {
    const manifest = {
      '//': 'generated',
      name: '@sorakit/example',
      scripts: { build: 'tsc' },
      devDependencies: { vitest: '4' },
      dependencies: { 'openapi-fetch': '^0.17.0' },
    }
    expect(publishedManifest(manifest)).toEqual({
      name: '@sorakit/example',
      dependencies: { 'openapi-fetch': '^0.17.0' },
    })
    expect(manifest.scripts).toEqual({ build: 'tsc' })
  })
})

describe('readLicenseText', () => {
  it("reads the repository's LICENSE, the MIT text the manifests declare", async () => {
    const { readFile } = await import('node:fs/promises')
    const text = await readLicenseText()
    expect(text).toBe(await readFile(new URL('../../../LICENSE', import.meta.url), 'utf8'))
    expect(text).toMatch(/^MIT License\n/)
  })
})
