import { scalarConfiguration } from './api-reference-scalar.js'

/** An OpenAPI document as the page needs it: any JSON object with an `info.title`. */
export interface ReferenceDocument {
  info?: { title?: string }
  [key: string]: unknown
}

/** Options of {@link renderApiReferencePage}. */
export interface ApiReferencePageOptions {
  /** The bundled OpenAPI document to render (`packages/<id>/openapi.json`). */
  document: ReferenceDocument
  /** URL of Scalar's standalone bundle as the page loads it, relative or absolute. */
  scriptUrl: string
  /** Page title. Default: the document's `info.title` followed by "reference". */
  title?: string
}

/**
 * One HTML page rendering `document` with Scalar. The document is inlined (a JSON script block, so the
 * page needs no request for it); the bundle is a separate classic script so that every page of a site,
 * and every visit to a mock's /docs, shares one cached copy of it. Opens from file:// too.
 */
export function renderApiReferencePage(options: ApiReferencePageOptions): string {
  const title = options.title ?? `${options.document.info?.title ?? 'API'} reference`
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    // No favicon request: the mocks answer every unknown path with a Prism error.
    '<link rel="icon" href="data:,">',
    '</head>',
    '<body>',
    // Not `id="api-reference"`: with that id the page reached fonts.scalar.com and proxy.scalar.com as with Scalar's
    // default options (its legacy HTML API reads that id), whatever options were passed below.
    '<div id="sorakit-api-reference"></div>',
    `<script id="sorakit-openapi-document" type="application/json">${jsonForScript(options.document)}</script>`,
    `<script src="${escapeHtml(options.scriptUrl)}"></script>`,
    '<script>',
    `Scalar.createApiReference('#sorakit-api-reference', Object.assign(${jsonForScript(scalarConfiguration)}, { content: JSON.parse(document.getElementById('sorakit-openapi-document').textContent) }))`,
    '</script>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** JSON that cannot end the script element it sits in (`</script>`, `<!--`): every `<` is escaped. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
