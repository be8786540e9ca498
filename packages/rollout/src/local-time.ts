import { RolloutError } from './errors';

/** Calendar fields of an instant in one time zone (24-hour clock). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch (err) {
      throw new RolloutError('invalid_request', `unknown time zone ${JSON.stringify(timeZone)}`, { cause: err });
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * The wall-clock fields of `date` in `timeZone` (an IANA name such as
 * `Europe/Paris`; undefined means the process's local zone, as Codex uses).
 */
export function toLocalDateTime(date: Date, timeZone?: string): LocalDateTime {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RolloutError('invalid_request', 'a valid Date is required');
  }
  if (timeZone === undefined) {
    // The process's zone is the one Date's own getters use: no formatter to build (that costs milliseconds).
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
    };
  }
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

export function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}
