import { InvalidArgumentError, Option } from 'commander';
import type { ThreadSortKey } from '@threadkit/thread-store';

/** `--limit`: a whole number from 1 to `max`. */
export function wholeNumber(max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1 || number > max) {
      throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    }
    return number;
  };
}

/** Repeatable and comma-separated: `--source exec --source cli` or `--source exec,cli`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (values.length === 0) throw new InvalidArgumentError('must not be empty');
  return [...(previous ?? []), ...values];
}

export const SORT_KEYS: Record<string, ThreadSortKey> = {
  created: 'created_at',
  updated: 'updated_at',
  recency: 'recency_at',
};

export function sortOption(): Option {
  return new Option('--sort <key>', 'sort by creation, last update, or last turn started')
    .choices(Object.keys(SORT_KEYS))
    .default('created');
}

export function limitOption(defaultLimit: number): Option {
  return new Option('--limit <n>', 'how many threads to show (1-10000)')
    .argParser(wholeNumber(10_000))
    .default(defaultLimit);
}
