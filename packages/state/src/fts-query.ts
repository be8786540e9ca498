/** Longest search term accepted; longer input is a mistake, not a query. */
export const MAX_SEARCH_TERM_LENGTH = 1000;
const MAX_SEARCH_WORDS = 32;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: every
 * whitespace-separated word becomes a quoted prefix phrase (`"word"*`, inner
 * quotes doubled), all of which must match. Operators, column filters and
 * stray quotes in the input are just text. Returns undefined when the input
 * has no word characters at all (such a term matches nothing).
 */
export function toFtsQuery(term: string): string | undefined {
  const words = term
    .split(/\s+/u)
    .filter((word) => HAS_WORD_CHARACTER.test(word))
    .slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
