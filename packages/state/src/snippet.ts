/** What counts as a word character: what SQLite's unicode61 tokenizer keeps (letters, digits, marks, private use). */
const TOKEN = /[\p{L}\p{N}\p{Mn}\p{Co}]+/gu;
const COMBINING_MARK = /\p{Mn}/gu;

/** Case- and accent-insensitive form, matching `unicode61 remove_diacritics 2`. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARK, '').toLowerCase();
}

/** The folded tokens of a search term, as the full-text query matches them (each as a prefix). */
export function searchTokens(term: string): string[] {
  const tokens = new Set<string>();
  for (const match of term.matchAll(TOKEN)) {
    const folded = fold(match[0]);
    if (folded !== '') tokens.add(folded);
  }
  return [...tokens];
}

export interface SnippetMarks {
  open: string;
  close: string;
  ellipsis: string;
  /** Words in the snippet window. */
  maxTokens: number;
}

interface Token {
  start: number;
  end: number;
  /** Index of the query token it matches, or -1. */
  matches: number;
}

function tokenize(text: string, queryTokens: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const folded = fold(match[0]);
    const start = match.index;
    tokens.push({
      start,
      end: start + match[0].length,
      matches: queryTokens.findIndex((query) => folded.startsWith(query)),
    });
  }
  return tokens;
}

function distinctMatches(tokens: readonly Token[]): number {
  return new Set(tokens.filter((token) => token.matches >= 0).map((token) => token.matches)).size;
}

/**
 * A short excerpt of the text that matched, with matched words marked. The
 * snippet comes from the text matching the most distinct search words (the
 * first on a tie), cut to a window of `maxTokens` words around the matches.
 * Built here from the row rather than by FTS5's snippet(), which would re-run
 * the full-text query once per returned row.
 */
export function makeSnippet(texts: readonly (string | null)[], queryTokens: readonly string[], marks: SnippetMarks): string {
  let text = '';
  let tokens: Token[] = [];
  let bestScore = -1;
  for (const candidate of texts) {
    if (!candidate) continue;
    const candidateTokens = tokenize(candidate, queryTokens);
    const score = distinctMatches(candidateTokens);
    if (score > bestScore) {
      bestScore = score;
      text = candidate;
      tokens = candidateTokens;
    }
  }
  if (tokens.length === 0) return text;

  // The window with the most matched words, then centred on them.
  const size = Math.min(marks.maxTokens, tokens.length);
  let bestStart = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.matches >= 0) hits++;
    if (i >= size && tokens[i - size]!.matches >= 0) hits--;
    if (i >= size - 1 && hits > bestHits) {
      bestHits = hits;
      bestStart = i - size + 1;
    }
  }
  const inWindow = tokens.slice(bestStart, bestStart + size);
  const first = inWindow.findIndex((token) => token.matches >= 0);
  const last = inWindow.length - 1 - [...inWindow].reverse().findIndex((token) => token.matches >= 0);
  let start = bestStart;
  if (first >= 0) {
    const slack = size - (last - first + 1);
    start = Math.max(0, Math.min(bestStart + first - Math.ceil(slack / 2), tokens.length - size));
  }
  const end = start + size;

  let out = start === 0 ? '' : marks.ellipsis;
  let cursor = start === 0 ? 0 : tokens[start]!.start;
  for (let i = start; i < end; i++) {
    const token = tokens[i]!;
    if (token.matches < 0) continue;
    out += text.slice(cursor, token.start) + marks.open + text.slice(token.start, token.end) + marks.close;
    cursor = token.end;
  }
  if (end >= tokens.length) return out + text.slice(cursor);
  return out + text.slice(cursor, tokens[end - 1]!.end) + marks.ellipsis;
}
