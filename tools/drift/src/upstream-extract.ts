import { convert } from 'html-to-text'
import { openApiFromSchemaEndpoint, parseUpstreamYaml, type UpstreamRecord } from '@sorakit/codegen'

/** The upstream YAML text exactly as published (the text the manifest's sha256 is taken of), or why there is none. */
export type Extraction = { ok: true; text: string } | { ok: false; reason: string }

/**
 * Where a record's document is fetched from. kie.ai's docs pages serve their markdown source at
 * `<page>.md` (shared/notes/providers.md §5), which carries the OpenAPI YAML in a fenced block; the
 * rendered HTML does not keep the fence. Apikley's page text is read from the page itself.
 */
export function sourceUrl(record: Pick<UpstreamRecord, 'url' | 'form'>): string {
  const wantsMarkdown = record.form === 'mintlify-block' || record.form === 'apidog-export'
  return wantsMarkdown && !/\.(md|ya?ml|json)$/i.test(new URL(record.url).pathname) ? `${record.url}.md` : record.url
}

/**
 * Takes the published YAML out of a fetched page, by the record's form:
 * - `mintlify-block`: the block after the "## OpenAPI" heading, opened with four backticks and
 *   `yaml <source.json> <method> <path>`; the header must equal the manifest's `block`.
 * - `apidog-export`: the ```yaml block after the "## OpenAPI…" heading whose text starts with `openapi:`,
 *   or the body itself when the URL serves the export as a file.
 * - `page-text`: the page's text from the `openapi: 3…` line to the end (of the text, or of its fence).
 * - `openapi-file`: the body as it is.
 * - `schema-endpoint`: the route's JSON answer as it is (its sha256 is recorded); it must carry an
 *   OpenAPI document in `data.openapi`.
 * Unless `allowUnparsable` (a page known to be flattened), the text must parse as YAML with an
 * `openapi` field, so a broken block is reported and never written.
 */
export function extractUpstream(
  body: string,
  contentType: string,
  record: Pick<UpstreamRecord, 'form' | 'block'>,
  allowUnparsable = false,
): Extraction {
  // The answer's bytes are hashed as served: a JSON answer keeps its line ends.
  if (record.form === 'schema-endpoint') return checkSchemaEndpointAnswer(body)
  const extraction = extractByForm(body.replaceAll('\r\n', '\n'), contentType, record)
  if (!extraction.ok || allowUnparsable) return extraction
  return checkOpenApiYaml(extraction.text)
}

function extractByForm(body: string, contentType: string, record: Pick<UpstreamRecord, 'form' | 'block'>): Extraction {
  switch (record.form) {
    case 'mintlify-block':
      return fencedBlock(body, { minimumBackticks: 4, header: record.block })
    case 'apidog-export':
      return looksLikeOpenApi(body) ? { ok: true, text: body } : fencedBlock(body, { minimumBackticks: 3, header: '' })
    case 'page-text':
      return pageText(/html/i.test(contentType) ? convert(body, { wordwrap: false, preserveNewlines: true }) : body)
    case 'openapi-file':
    // The route's answer as it is; extractUpstream checks its envelope before this runs.
    case 'schema-endpoint':
      return { ok: true, text: body }
  }
}

function looksLikeOpenApi(text: string): boolean {
  return /^\s*(openapi:|\{\s*"openapi")/.test(text)
}

const openApiHeading = /^#{1,6}[ \t]+OpenAPI\b.*$/m

function fencedBlock(body: string, expected: { minimumBackticks: number; header?: string }): Extraction {
  const heading = openApiHeading.exec(body)
  if (heading === null)
    return {
      ok: false,
      reason: 'no "## OpenAPI" heading on the page (the page layout changed, or this is not the markdown source)',
    }
  const lines = body.slice(heading.index + heading[0].length).split('\n')
  const openingIndex = lines.findIndex((line) => /^`{3,}/.test(line))
  if (openingIndex === -1) return { ok: false, reason: 'no fenced block after the "## OpenAPI" heading' }
  const opening = /^(`{3,})\s*yaml\b[ \t]*(.*)$/.exec(lines[openingIndex]!)
  if (opening === null)
    return { ok: false, reason: `the block after "## OpenAPI" is not a yaml block: ${lines[openingIndex]!.trim()}` }
  const fence = opening[1]!
  if (fence.length < expected.minimumBackticks)
    return {
      ok: false,
      reason: `the yaml block is opened with ${fence.length} backticks, expected ${expected.minimumBackticks}`,
    }
  const header = opening[2]!.trim()
  if (expected.header === '' && header !== '') {
    // A Mintlify block on the page of an Apidog export is the page's older copy: taking it would replace the newer export.
    return {
      ok: false,
      reason: `the page carries a Mintlify block ('${header}'), not an Apidog export; record the export's own URL (form openapi-file) or switch the record to mintlify-block`,
    }
  }
  if (expected.header !== undefined && expected.header !== '' && header !== expected.header.trim()) {
    return {
      ok: false,
      reason: `the block header is '${header}', the manifest expects '${expected.header}' (the page now documents another operation or file)`,
    }
  }
  const closingIndex = lines.findIndex(
    (line, index) =>
      index > openingIndex && line.startsWith(fence) && /^`+\s*$/.test(line) && line.trim().length >= fence.length,
  )
  if (closingIndex === -1) return { ok: false, reason: 'the yaml block is never closed (page truncated?)' }
  return {
    ok: true,
    text: lines
      .slice(openingIndex + 1, closingIndex)
      .map((line) => `${line}\n`)
      .join(''),
  }
}

function pageText(text: string): Extraction {
  const start = /^openapi:[ \t]*['"]?3\./m.exec(text)
  if (start === null) return { ok: false, reason: 'no "openapi: 3…" line in the page text' }
  const rest = text.slice(start.index)
  const fenceEnd = /^`{3,}\s*$/m.exec(rest)
  const yaml = fenceEnd === null ? rest : rest.slice(0, fenceEnd.index)
  return { ok: true, text: yaml.trimEnd() + '\n' }
}

function checkOpenApiYaml(text: string): Extraction {
  try {
    const document = parseUpstreamYaml(text, 'upstream block')
    if (
      typeof document !== 'object' ||
      document === null ||
      Array.isArray(document) ||
      typeof document.openapi !== 'string'
    ) {
      return { ok: false, reason: 'the extracted YAML is not an OpenAPI document (no "openapi" field)' }
    }
    return { ok: true, text }
  } catch (error) {
    return { ok: false, reason: `the extracted block does not parse: ${(error as Error).message}` }
  }
}

function checkSchemaEndpointAnswer(text: string): Extraction {
  try {
    const openapi = openApiFromSchemaEndpoint(text, 'schema endpoint answer') as { openapi?: unknown }
    if (typeof openapi.openapi !== 'string')
      return {
        ok: false,
        reason: 'data.openapi of the schema endpoint answer is not an OpenAPI document (no "openapi" field)',
      }
    return { ok: true, text }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}
