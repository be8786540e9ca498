import { describe, expect, it } from 'vitest';
import { threadDisplayName } from './display-name';

describe('the name a thread shows', () => {
  const base = { explicitName: null, title: null, preview: 'fix the test', firstUserMessage: 'fix the test please' };

  it('is the explicit name when there is one', () => {
    expect(threadDisplayName({ ...base, explicitName: 'Release', title: 'A title' })).toBe('Release');
  });

  it('falls back to a title that says something new', () => {
    expect(threadDisplayName({ ...base, title: 'Flaky test hunt' })).toBe('Flaky test hunt');
    expect(threadDisplayName({ ...base, title: 'fix the test' })).toBeNull();
    expect(threadDisplayName({ ...base, title: 'fix the test please' })).toBeNull();
    expect(threadDisplayName({ ...base, title: '   ' })).toBeNull();
  });

  it('treats a blank explicit name as none', () => {
    expect(threadDisplayName({ ...base, explicitName: '', title: 'Flaky test hunt' })).toBe('Flaky test hunt');
    expect(threadDisplayName(base)).toBeNull();
  });
});
