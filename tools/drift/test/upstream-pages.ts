import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fixturesDirectory } from './fixture-cases.js'

/** An upstream YAML text kept in fixtures/upstream (copies of the providers' published documents). */
export function upstreamYaml(name: string): string {
  return readFileSync(path.join(fixturesDirectory, 'upstream', name), 'utf8')
}

/** A docs.kie.ai page's markdown source as Mintlify serves it: prose, then the OpenAPI block. */
export function mintlifyPage(title: string, header: string, yaml: string): string {
  return `# ${title}\n\n> Query the status of a task.\n\n## Overview\n\nSome prose with \`inline code\` and a sample:\n\n\`\`\`bash\ncurl https://api.kie.ai\n\`\`\`\n\n## OpenAPI\n\n\`\`\`\`yaml ${header}\n${yaml}\`\`\`\`\n`
}

/** An Apidog docs page's markdown: the export in a three-backtick yaml block after "## OpenAPI Specification". */
export function apidogPage(title: string, yaml: string): string {
  return `# ${title}\n\n## OpenAPI Specification\n\n\`\`\`yaml\n${yaml}\`\`\`\n`
}

/** A docs.apikley.ru page as HTML: navigation, prose, then the YAML in a <pre> block. */
export function apikleyHtmlPage(title: string, yaml: string): string {
  const escaped = yaml.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
  return `<!doctype html><html><head><title>${title}</title></head><body><nav><a href="/">Docs</a></nav><main><h1>${title}</h1><p>Generate a video.</p><pre><code>${escaped}</code></pre></main></body></html>`
}
