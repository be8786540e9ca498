// The main job until the `threads` app lands: reads the bundled Codex homes
// through @threadkit/protocol and prints what each rollout holds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseRolloutLine } from '@threadkit/protocol';

const root = new URL('..', import.meta.url).pathname;

function* rollouts(dir) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* rollouts(path);
    else if (/^rollout-.*\.jsonl$/.test(entry)) yield path;
  }
}

for (const home of ['fixtures/codex-0.142/home', 'fixtures/codex-0.169/home']) {
  console.log(`\n${home}`);
  for (const file of rollouts(join(root, home))) {
    let meta;
    let preview = '';
    let lines = 0;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      const parsed = parseRolloutLine(text);
      if (!parsed.ok || !parsed.known) continue;
      lines++;
      const { line } = parsed;
      if (line.type === 'session_meta') meta ??= line.payload;
      if (!preview && line.type === 'event_msg' && line.payload.type === 'user_message') {
        preview = String(line.payload.message);
      }
      if (!preview && line.type === 'response_item' && line.payload.type === 'message' && line.payload.role === 'user') {
        const text = line.payload.content?.find((c) => c.type === 'input_text')?.text ?? '';
        if (!text.startsWith('<')) preview = text;
      }
    }
    const where = relative(join(root, home), file).startsWith('archived') ? 'archived' : 'active  ';
    console.log(`  ${where} ${meta?.id}  ${String(lines).padStart(3)} lines  ${meta?.cli_version}  ${preview.slice(0, 40)}`);
  }
}
