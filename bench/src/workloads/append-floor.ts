import { closeSync, fdatasyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { appendInput } from '../inputs/append-input';
import { timeOnce } from '../measure/timing';

export interface AppendFloorArgs {
  dir: string;
  turns: number;
  /** fdatasync after each turn's write (the floor of a flush per turn). */
  syncPerTurn: boolean;
}

/**
 * The floor for appends: each turn's items serialized as rollout lines
 * (envelope with a fresh timestamp, JSON.stringify) and written with one
 * fs.writeSync, optionally followed by fdatasync.
 */
export async function run(args: AppendFloorArgs) {
  const input = appendInput(args.turns);
  mkdirSync(args.dir, { recursive: true });
  const path = join(args.dir, `floor-${args.syncPerTurn ? 'sync' : 'buffered'}.jsonl`);
  const { ms } = await timeOnce(() => {
    const fd = openSync(path, 'a');
    writeSync(fd, `${JSON.stringify({ timestamp: new Date().toISOString(), type: 'session_meta', payload: input.sessionMeta })}\n`);
    for (const turn of input.turns) {
      let text = '';
      for (const item of turn) text += `${JSON.stringify({ timestamp: new Date().toISOString(), type: item.type, payload: item.payload })}\n`;
      writeSync(fd, text);
      if (args.syncPerTurn) fdatasyncSync(fd);
    }
    if (!args.syncPerTurn) fdatasyncSync(fd);
    closeSync(fd);
  });
  return { ms, items: input.items, turns: input.turns.length, bytes: statSync(path).size };
}
