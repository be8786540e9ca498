import { basename } from 'node:path';
import { parseRolloutFileName } from './file-name';
import { type ThreadFileMetadata, ThreadMetadataExtractor } from './metadata';
import { type ReadRolloutOptions, RolloutReader, type SkippedLineCounts } from './reader';

export interface RolloutMetadataResult {
  /** Undefined when the file has no session_meta of its thread. */
  metadata: ThreadFileMetadata | undefined;
  skipped: SkippedLineCounts;
  /** The file that was read (plain, or `.zst` when only that exists). */
  actualPath: string;
}

/**
 * Streams a whole rollout through {@link ThreadMetadataExtractor} without
 * keeping its lines: every fact at its latest value (turn_context, token
 * usage, session_meta updates), in memory bounded by the longest line. The
 * thread is the one named by the file name when it is a rollout name.
 */
export async function readRolloutMetadata(
  path: string,
  options: Pick<ReadRolloutOptions, 'chunkSize' | 'maxLineBytes'> = {},
): Promise<RolloutMetadataResult> {
  const reader = new RolloutReader(path, options);
  const extractor = new ThreadMetadataExtractor(parseRolloutFileName(basename(path))?.threadId);
  for await (const batch of reader.batches()) {
    for (const line of batch) extractor.observe(line);
  }
  return { metadata: extractor.result(), skipped: reader.skipped, actualPath: reader.actualPath ?? path };
}
