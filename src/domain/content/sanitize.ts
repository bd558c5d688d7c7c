import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list for rich text (pages, notices, knowledge). Applied before storing and again before showing,
 * so a rule tightened later also protects what was stored earlier. No scripts, no event handlers, no styles,
 * no SVG, no frames; links only to http(s), mailto and this site; images only from this site's attachments.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'pre',
    'code',
    'span',
    'sub',
    'sup',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
    li: ['class'],
    p: ['class'],
  },
  allowedClasses: { p: ['ql-align-center', 'ql-align-right', 'ql-indent-1', 'ql-indent-2'], li: ['ql-indent-1', 'ql-indent-2'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^\/attachments\/\d+$/.test(frame.attribs.src ?? ''),
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer', ...(/^https?:/i.test(attribs.href ?? '') ? { target: '_blank' } : {}) },
    }),
  },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  disallowedTagsMode: 'discard',
};

// `rel` and `target` are added by the transform, so they must survive the attribute filter that follows it.
OPTIONS.allowedAttributes = { ...(OPTIONS.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel', 'target'] };

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html ?? '', OPTIONS).trim();
}

/**
 * `sanitizeRichText` for showing: the same stored text is shown again and again, and parsing it each time was a
 * measurable part of a page. The answers of this process are remembered (a tightened rule applies at the next start).
 */
const shown = new Map<string, string>();
export function sanitizeForShow(html: string): string {
  const key = html ?? '';
  let clean = shown.get(key);
  if (clean === undefined) {
    clean = sanitizeRichText(key);
    if (shown.size >= 500) shown.delete(shown.keys().next().value!);
    shown.set(key, clean);
  }
  return clean;
}

/** Plain text of rich text, for titles, search snippets and comparisons. */
export function richTextToPlain(html: string): string {
  return sanitizeHtml(
    String(html ?? '')
      .replace(/<\/(p|h\d|li|tr|blockquote)>/gi, '\n')
      .replace(/<br\s*\/?>/gi, '\n'),
    { allowedTags: [], allowedAttributes: {} },
  )
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
