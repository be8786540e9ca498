/**
 * A zstd frame of raw (stored) blocks: valid Zstandard that any decoder
 * reads, built without a compressor (Node 20 has none). Lets tests make
 * `.jsonl.zst` files of any size.
 */
export function zstdStoredFrame(data: Uint8Array): Buffer {
  const BLOCK = 128 * 1024;
  // Magic number, then a frame header: no content size, no checksum, window 2^17 (one block).
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  let offset = 0;
  do {
    const size = Math.min(BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const header = (size << 3) | last; // block type 0 = raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]));
    parts.push(Buffer.from(data.subarray(offset, offset + size)));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}

/** Three lines compressed by the zstd CLI at level 19 (real entropy-coded blocks). */
export const COMPRESSED_ROLLOUT_BASE64 =
  'KLUv/WReAW0JAOZTPB5Qb44BDP3ApveWMb1h2qxNFplx4oPfFh8WL2OGSMEyADcAMwDMzVD0pRl6VFJv8vK7n06i0dpbN3+irpcXjDFBgTUCaw9TOIxpGGNwmOPmab5rP+P1JRK+clc5RKGbK71PilGs1MvXWgaHb7KRSikDClwuFM5e8yBAhMNh/kAJ5nnegXkDD4zjMDxYogn209VbSWSnu9InNwCqyhR80aWbHVXptRHi5fikT/RQnNA6OXmITlgl1HqZCRxCI6ifuBiAqpJSIjXfPgglp9crPXqHK31e3t3Kr5MPUunVYDTbR29GL1MpDwlAt/Z1ml5+9GwVAEIEGmZwFUz2MsTaFNJq+KXPAi2kgmYrZckSOoFl4V+UlySsX+qB0FYhtqBktoDqlivWVr/LEAUUkSJL';
