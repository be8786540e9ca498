import { describe, expect, it } from 'vitest';
import { cwdFilterKey } from './cwd-filter-key';

describe('the key cwd filters compare', () => {
  it('ignores dot segments, doubled and trailing separators', () => {
    expect(cwdFilterKey('/work/x/')).toBe('/work/x');
    expect(cwdFilterKey('/work//./x')).toBe('/work/x');
    expect(cwdFilterKey('/')).toBe('/');
  });
});
