// HTML: a saved web page reduced to its text with a maintained parser (htmlparser2), keeping
// paragraphs as lines so the usual cleaning and segmenting work on it.
import { Parser } from 'htmlparser2';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'canvas', 'select', 'button']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'header',
  'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'figure', 'figcaption', 'center', 'title',
]);

export function htmlToText(html: string): string {
  const out: string[] = [];
  let title = '';
  let hasH1 = false;
  let inTitle = false;
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name) && name !== 'head') skip++;
        if (name === 'title') inTitle = true;
        if (name === 'h1') hasH1 = true;
        if (BLOCK.has(name)) out.push('\n');
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (!skip) out.push(text.replace(/[ \t\r\n\f\u00a0]+/g, ' '));
      },
      onclosetag(name) {
        if (SKIP.has(name) && name !== 'head' && skip > 0) skip--;
        if (name === 'title') inTitle = false;
        if (BLOCK.has(name)) out.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const body = out
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  // The page title usually repeats the headline; use it only when the page has no <h1>.
  const t = title.replace(/\s+/g, ' ').trim();
  return !hasH1 && t && !body.startsWith(t) ? `${t}\n${body}` : body;
}
