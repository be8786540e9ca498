import { afterEach, describe, expect, it } from 'vitest';
import { toLocalDateTime } from './local-time';

describe('toLocalDateTime', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'])(
    'reads the process zone (%s) as the same zone named explicitly, across DST changes',
    (zone) => {
      process.env.TZ = zone;
      // Every 37 minutes through a year: both DST transitions of each zone fall in between.
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 37 * 60_000 + 1_001) {
        const date = new Date(ms);
        expect(toLocalDateTime(date)).toEqual(toLocalDateTime(date, zone));
      }
    },
  );
});
