import { createHash } from 'node:crypto';

/**
 * The 64-bit advisory lock key of a name. Advisory locks are per database,
 * not per schema, so the namespace (the schema) is part of the hashed name:
 * two schemas of one database never share a lock. 64 bits of SHA-256 make an
 * accidental collision (which would only cause a spurious `conflict`)
 * vanishingly rare.
 */
export function advisoryLockKey(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`threadkit\u0000${namespace}\u0000${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}
