import { describe, expect, it } from 'vitest';
import { makeSnippet, searchTokens } from './snippet';

const MARKS = { open: '[', close: ']', ellipsis: '…', maxTokens: 6 };

describe('makeSnippet', () => {
  it('marks words that start with a search word, ignoring case and accents', () => {
    expect(makeSnippet(['Le Café Billing'], searchTokens('cafe BILL'), MARKS)).toBe('Le [Café] [Billing]');
  });

  it('keeps short texts whole, with their punctuation', () => {
    expect(makeSnippet(['how do I set the proxy?'], searchTokens('proxy'), MARKS)).toBe('how do I set the [proxy]?');
  });

  it('cuts long texts to a window around the matches', () => {
    const text = 'one two three four five six seven eight needle nine ten eleven twelve thirteen';
    expect(makeSnippet([text], searchTokens('needle'), MARKS)).toBe('…six seven eight [needle] nine ten…');
    expect(makeSnippet(['needle a b c d e f g h'], searchTokens('needle'), MARKS)).toBe('[needle] a b c d e…');
    expect(makeSnippet(['a b c d e f g needle.'], searchTokens('needle'), MARKS)).toBe('…c d e f g [needle].');
  });

  it('takes the text matching the most search words', () => {
    expect(makeSnippet(['alpha only', null, 'alpha and beta'], searchTokens('alpha beta'), MARKS)).toBe(
      '[alpha] and [beta]',
    );
    expect(makeSnippet(['', 'first alpha', 'second alpha'], searchTokens('alpha'), MARKS)).toBe('first [alpha]');
  });

  it('splits search words the way the tokenizer does', () => {
    expect(searchTokens('foo-bar "Baz" ***')).toEqual(['foo', 'bar', 'baz']);
  });
});
