import { describe, expect, it } from 'vitest';
import { searchableTexts, snippetAround } from './search-text';

describe('what content search looks at', () => {
  it('takes user and agent messages and the text parts of model messages, nothing else', () => {
    expect(searchableTexts({ type: 'event_msg', payload: { type: 'user_message', message: 'question' } })).toEqual([
      'question',
    ]);
    expect(searchableTexts({ type: 'event_msg', payload: { type: 'agent_message', message: 'answer' } })).toEqual([
      'answer',
    ]);
    const message = {
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'one' }, { type: 'input_image', image_url: 'x' }, { type: 'output_text', text: 'two' }],
      },
    };
    expect(searchableTexts(message)).toEqual(['one', 'two']);
    expect(searchableTexts({ type: 'event_msg', payload: { type: 'token_count', info: null } })).toEqual([]);
    expect(searchableTexts({ type: 'response_item', payload: { type: 'function_call', arguments: 'ls' } })).toEqual([]);
    expect(searchableTexts({ type: 'event_msg', payload: 'not an object' })).toEqual([]);
  });

  it('cuts a one-line snippet around the first match, ignoring case', () => {
    expect(snippetAround('Fix the\n  FLAKY   test', 'flaky')).toBe('Fix the FLAKY test');
    const long = `${'a'.repeat(100)} needle ${'b'.repeat(100)}`;
    const snippet = snippetAround(long, 'NEEDLE')!;
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('needle');
    expect(snippet.length).toBeLessThanOrEqual(2 + 60 + 'needle'.length + 60);
    expect(snippetAround('nothing here', 'needle')).toBeNull();
  });
});
