import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';
import { parseSourceOption, sourceLabel } from './source-label';
import { renderTable } from './table';
import { formatBytes, truncate, wrap } from './text';

const now = new Date('2026-11-21T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('relativeTime', () => {
  it.each([
    [10_000, 'just now'],
    [5 * 60_000, '5 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [26 * 3_600_000, 'yesterday'],
    [3 * 86_400_000, '3 days ago'],
    [-2 * 3_600_000, 'in 2 hours'],
  ])('%i ms ago reads "%s"', (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });

  it('gives the date after four weeks', () => {
    expect(relativeTime(ago(40 * 86_400_000), now)).toMatch(/^2026-10-1[12]$/);
  });
});

describe('sources', () => {
  it.each([
    ['exec', 'exec'],
    [{ custom: 'atlas' }, 'custom:atlas'],
    [{ subagent: 'review' }, 'subagent:review'],
    [{ subagent: { other: 'x' } }, 'subagent:x'],
    [{ subagent: { thread_spawn: { parent_thread_id: 'p', depth: 1 } } }, 'subagent'],
    [{ internal: 'memory' }, 'internal:memory'],
  ])('labels %j as %s', (source, label) => {
    expect(sourceLabel(source)).toBe(label);
  });

  it('parses the labels back for --source', () => {
    expect(parseSourceOption('cli')).toBe('cli');
    expect(parseSourceOption('custom:atlas')).toEqual({ custom: 'atlas' });
    expect(parseSourceOption('subagent:review')).toEqual({ subagent: 'review' });
    expect(parseSourceOption('subagent:x')).toEqual({ subagent: { other: 'x' } });
  });
});

describe('text', () => {
  it('truncates on code points with an ellipsis', () => {
    expect(truncate('héllo wörld', 6)).toBe('héllo…');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('🙂🙂🙂', 2)).toBe('🙂…');
  });

  it('wraps at word boundaries', () => {
    expect(wrap('one two three four five six seven eight nine ten', 20)).toBe(
      'one two three four\nfive six seven eight\nnine ten',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(830)).toBe('830 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});

describe('renderTable', () => {
  it('aligns columns without borders or trailing spaces and cuts the flexible one to the width', () => {
    const table = renderTable(
      [{ header: 'ID' }, { header: 'N', alignRight: true }, { header: 'TITLE', flexible: true }],
      [
        ['a', '1', 'a rather long title that will not fit'],
        ['bbb', '22', 'short'],
      ],
      { colors: createColors(false), width: 30 },
    );
    expect(table.split('\n')).toEqual(['ID    N  TITLE', 'a     1  a rather long title…', 'bbb  22  short']);
  });
});
