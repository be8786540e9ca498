import type { SeededRandom } from './seeded-random';

/**
 * A UUIDv7 (RFC 9562) whose 48-bit prefix is `unixMs` and whose random bits
 * come from `random`, so ids sort by creation time like Codex's own.
 */
export function uuidV7(unixMs: number, random: SeededRandom): string {
  const time = Math.floor(unixMs).toString(16).padStart(12, '0');
  const randA = random.hex(3);
  const variant = (8 + random.int(0, 3)).toString(16);
  const randB = random.hex(15);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randA}-${variant}${randB.slice(0, 3)}-${randB.slice(3, 15)}`;
}
