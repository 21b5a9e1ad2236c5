// pnpm hooks of the workspace. `beforePacking` runs for every `pnpm pack` and `pnpm publish`: it
// applies the packaging policy's published manifest (tools/package-policy), so no package has to
// remember to leave its scripts, devDependencies and notices out of the tarball.
const path = require('node:path')

module.exports = {
  hooks: {
    beforePacking(manifest) {
      const policy = path.join(__dirname, 'tools/package-policy/dist/published-manifest.js')
      let publishedManifest
      try {
        // An ES module: Node >= 20.19 loads it through require().
        ;({ publishedManifest } = require(policy))
      } catch (error) {
        throw new Error(`Cannot load the packaging policy from ${policy}: run \`pnpm build\` before packing (${error.message})`)
      }
      return publishedManifest(manifest)
    },
  },
}
