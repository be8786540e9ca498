const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'long' });

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago"; past four weeks the
 * calendar date reads better than "7 weeks ago". Intl.RelativeTimeFormat is
 * built into Node, so no library is needed for the wording.
 */
export function relativeTime(date: Date, now: Date = new Date()): string {
  const elapsed = now.getTime() - date.getTime();
  const magnitude = Math.abs(elapsed);
  const sign = elapsed >= 0 ? -1 : 1;
  if (magnitude < 45 * SECOND) return 'just now';
  if (magnitude < 45 * MINUTE) return relative.format(sign * Math.round(magnitude / MINUTE), 'minute');
  if (magnitude < 22 * HOUR) return relative.format(sign * Math.round(magnitude / HOUR), 'hour');
  if (magnitude < 28 * DAY) return relative.format(sign * Math.round(magnitude / DAY), 'day');
  return calendarDate(date);
}

/** `2026-11-21` in local time. */
export function calendarDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `2026-11-21 10:28` in local time. */
export function calendarTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${calendarDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
