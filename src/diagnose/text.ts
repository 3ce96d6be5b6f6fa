// Turns whatever people paste (terminal output, CI logs, JSON-escaped SDK errors, quoted e-mails)
// into one line of plain text the parser can read. Every pattern here is anchored or bounded, so
// the work stays linear in the size of the input, whatever it is.

/** Longer input is cut to its last megabyte: logs end with the error that stopped them. */
export const MAX_TEXT_LENGTH = 1_000_000;

// Prefixes that log viewers put in front of every line, so a message wrapped over several lines
// reads as one sentence again.
const LINE_PREFIXES: readonly RegExp[] = [
  // GitHub Actions, CloudWatch, most loggers: 2024-05-01T12:00:00.1234567Z
  /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\s?/,
  // CodeBuild: [Container] 2024/05/01 12:00:00.123456
  /^\s*\[Container\] \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?\s?/,
  // syslog / journald: May  1 12:00:00 host kubelet[123]:
  /^\s*[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} [^\s]{1,255} [^\s[]{1,255}\[\d{1,10}\]:\s?/,
  // BuildKit progress: #12 0.345
  /^\s*#\d{1,5}(?: \d{1,6}\.\d{1,6})?\s/,
  // quoted replies and Markdown quotes
  /^\s*(?:>\s?){1,10}/,
];

const MAY_HAVE_PREFIX = /^[ \t]{0,4000}[\d[A-Z#>]/;

// A line holding only a short number is a line number copied from a code block (seed 001).
const LINE_NUMBER = /^\s*\d{1,4}\s*$/;

const HTML_ENTITIES: Record<string, string> = { '&quot;': '"', '&#34;': '"', '&#39;': '\'', '&apos;': '\'', '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Makes one line of plain text out of the pasted input; never throws. */
export function normalizeText(input: unknown): string {
  let text = asString(input);
  if (text.length > MAX_TEXT_LENGTH) text = text.slice(text.length - MAX_TEXT_LENGTH);
  if (text.includes('\\')) text = unescape(text);
  if (text.includes('&')) text = text.replace(/&(?:quot|#34|#39|apos|lt|gt|amp);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
  text = text.replace(/[\u201c\u201d\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019]/g, '\'');
  const lines = text.split(/\r\n|\r|\n/);
  const kept: string[] = [];
  for (let line of lines) {
    if (LINE_NUMBER.test(line)) continue;
    // every prefix starts with a digit, '[', an upper-case letter, '#' or '>' after optional blanks
    if (MAY_HAVE_PREFIX.test(line)) for (const prefix of LINE_PREFIXES) line = line.replace(prefix, '');
    kept.push(line);
  }
  return kept.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Undoes JSON escaping (SDK errors inside log records), applied once or several times: a run of
 * backslashes before `n`, `r` or `t` is a space, before a quote or slash the character itself. One
 * pass, so a long run of backslashes costs no more than its length.
 */
function unescape(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const next = text.indexOf('\\', i);
    if (next < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, next);
    let end = next;
    while (text[end] === '\\') end++;
    const escaped = text[end];
    if (escaped === 'n' || escaped === 'r' || escaped === 't') {
      out += ' ';
      end++;
    } else if (escaped === '"' || escaped === '\'' || escaped === '/') {
      out += escaped;
      end++;
    } else {
      out += text.slice(next, end);
    }
    i = end;
  }
  return out;
}

function asString(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined || input === null) return '';
  try {
    return String(input);
  } catch {
    return '';
  }
}

/** Removes the quotes, brackets and sentence punctuation that stick to a token copied from prose. */
export function trimToken(token: string): string {
  return token.replace(/^["'`([{]+/, '').replace(/[.,;:)\]}'"`]+$/, '');
}
