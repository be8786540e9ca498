/** Collapses whitespace and line breaks so a text fits on one table row. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts a text to `max` characters (code points), ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max === 1) return '…';
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Prefixes every line of a block. */
export function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/** `1 thread`, `2 threads`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `1.2 MB`, `830 B`: binary multiples with one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `12,345` */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Wraps each paragraph at word boundaries to `width` columns; words longer than that stay whole. */
export function wrap(text: string, width: number): string {
  if (width < 20) return text;
  return text
    .split('\n')
    .map((line) => {
      if (Array.from(line).length <= width) return line;
      const lead = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let current = '';
      for (const word of line.trim().split(/\s+/)) {
        if (current === '') current = lead + word;
        else if (Array.from(current).length + 1 + Array.from(word).length <= width) current += ` ${word}`;
        else {
          out.push(current);
          current = lead + word;
        }
      }
      if (current !== '') out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
