// `pnpm bench:facade` (size part): ESM min+gz of the facade with one provider, everything it loads
// included, against the issue's target; the parts of the kie.ai entry measured alone say where it goes.
import { bundle, consumerEntries, singleProviderBudget } from './bundle-entries.mjs'
import { kilobytes, writeReadmeFigures } from './readme-figures.mjs'

const target = 7 * 1024
const rows = []
for (const [entry, contents] of Object.entries(consumerEntries)) rows.push({ entry, ...(await bundle(contents)) })
const parts = {
  'openapi-fetch': await bundle("export { default } from 'openapi-fetch'"),
  // What the one-model app takes from the generated package: the client, the table without models, one model.
  'the generated kie.ai client and table (openapi-fetch included)': await bundle(
    "export { createKieClient, kieProviderApi } from '@sorakit/kie'; export { kling30Video } from '@sorakit/kie/models/kling-3.0-video'",
  ),
  'the generated kie.ai table alone': await bundle(
    "export { kieProviderApi } from '@sorakit/kie'; export { kling30Video } from '@sorakit/kie/models/kling-3.0-video'",
  ),
  'every kie.ai model': await bundle("export { kieProvider } from '@sorakit/kie'"),
}
const kie = rows.find((row) => row.entry === '@sorakit/sora/kie')
const everyKieModel = rows.find((row) => row.entry === '@sorakit/sora/kie, every model (createSora)')
const generated = parts['the generated kie.ai client and table (openapi-fetch included)']
const missedBy = kie.gzipped - target
const markdown = [
  'Each entry as a browser app imports it (esbuild, ESM, minified, platform `browser`), everything it',
  'loads included, gzipped with `node:zlib` level 9 (`bench/facade-size.mjs`). The `@sorakit/sora/kie` app',
  'is `createSoraWithModels` with one model module (`kling30Video`); `createSora` over every kie.ai model is',
  'the row after it (the provider and Sora rows are `createSora`: Apikley and vtrix sell few models):',
  '',
  '| Entry | min | min+gz |',
  '|---|---:|---:|',
  ...rows.map((row) => `| \`${row.entry}\` | ${kilobytes(row.minified)} | ${kilobytes(row.gzipped, 2)} |`),
  '',
  `**Target: \`@sorakit/sora/kie\` under ${kilobytes(target)} min+gz. ${missedBy <= 0 ? 'Met' : `Not met: ${kilobytes(kie.gzipped, 2)}, over by ${kilobytes(missedBy, 2)}`}.**`,
  `Of it, the generated client with openapi-fetch is ${kilobytes(generated.gzipped, 2)} (openapi-fetch ${kilobytes(parts['openapi-fetch'].gzipped, 2)},`,
  `the kie.ai table without models plus the one model ${kilobytes(parts['the generated kie.ai table alone'].gzipped, 2)}, where every model is ${kilobytes(parts['every kie.ai model'].gzipped, 2)});`,
  `the facade's own code is the other ${kilobytes(kie.gzipped - generated.gzipped, 2)}:`,
  'input checks whose messages name the field and the supported values, 16 error classes, the retry',
  'table, timeouts, the poller, the normalisers, uploads, key redaction and the generic parameter mapper.',
  'Reaching the target would take a smaller facade core with those parts loaded on demand, which is not',
  `built. The size-budget test (\`test/bundle-size.test.ts\`) holds every single-provider entry under`,
  `${kilobytes(singleProviderBudget, 1)} so it cannot grow unnoticed. \`createSora\` over every kie.ai model (${kilobytes(everyKieModel.gzipped, 2)})`,
  `is not held to it: it carries every model's table entry and grows with each model kie.ai adds (see below).`,
].join('\n')
console.log(markdown)
writeReadmeFigures('facade-size', markdown)
