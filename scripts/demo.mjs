// The Quick start demo: records a few realistic threads through @threadkit/core
// (ThreadManager on a LocalThreadStore) into a fresh Codex home, then runs the
// `threads` command-line app on it, as a person would.
//
//   node scripts/demo.mjs            (after `turbo run build`; `pnpm start` does both)
//
// The home is `.demo-home/` in the repository (git-ignored), recreated on every
// run; THREADS_DEMO_HOME puts it elsewhere. Point the real Codex CLI at it with
// CODEX_HOME=.demo-home codex resume, and it lists the same threads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = resolve(process.env.THREADS_DEMO_HOME ?? join(root, '.demo-home'));
const threadsBin = join(root, 'apps/threads/dist/cli.js');

/** The packages as they were built into dist/ (the root package depends on none of them). */
async function built(dir) {
  const entry = join(root, dir, 'dist/index.js');
  if (!existsSync(entry)) {
    console.error(`demo: ${entry} is missing; build first (npx pnpm@9.15.9 start builds, then runs this)`);
    process.exit(1);
  }
  return import(pathToFileURL(entry).href);
}

const { ThreadManager } = await built('packages/core');
const { LocalThreadStore } = await built('packages/thread-store');
if (!existsSync(threadsBin)) {
  console.error(`demo: ${threadsBin} is missing; build first`);
  process.exit(1);
}

const usage = (input, output) => ({
  input_tokens: input,
  cached_input_tokens: Math.floor(input * 0.6),
  output_tokens: output,
  reasoning_output_tokens: Math.floor(output / 3),
  total_tokens: input + output,
});

const shell = (callId, cmd) => ({
  type: 'function_call',
  name: 'exec_command',
  arguments: JSON.stringify({ cmd, yield_time_ms: 10_000 }),
  call_id: callId,
});
const output = (callId, text) => ({ type: 'function_call_output', call_id: callId, output: text });
const reasoning = (text) => ({ type: 'reasoning', summary: [{ type: 'summary_text', text }], content: null });

await rm(home, { recursive: true, force: true });
await mkdir(home, { recursive: true });

const store = await LocalThreadStore.open({ home, index: 'sqlite' });
const manager = new ThreadManager({
  store,
  defaults: {
    model: 'gpt-5-codex',
    modelProvider: 'openai',
    cwd: '/home/ada/projects/webshop',
    approvalPolicy: 'on-request',
    sandboxPolicy: { type: 'workspace-write' },
    reasoningEffort: 'medium',
    modelContextWindow: 272_000,
    timezone: 'Europe/Berlin',
    shell: 'bash',
    // The projects below are made up; the threadkit checkout's own git facts would only confuse.
    collectGit: false,
  },
});

// 1. A debugging session with tool calls, in two turns.
const flaky = await manager.startThread();
{
  const turn = await flaky.startTurn({ input: 'The checkout test fails about one run in five on CI. Can you find out why?' });
  await turn.addResponseItems([reasoning('Run the checkout tests several times to reproduce the failure.')]);
  await turn.addResponseItems([shell('call_1', 'npx vitest run src/checkout --repeat 5')]);
  await turn.recordTokenUsage(usage(8_200, 240));
  await turn.addResponseItems([
    output(
      'call_1',
      [
        ' ✓ src/checkout/cart.test.ts (12 tests) 41ms',
        ' × src/checkout/payment.test.ts > applies the discount before tax',
        '   AssertionError: expected 89.99 to be 90',
        '   ❯ src/checkout/payment.test.ts:48:31',
        ' ✓ src/checkout/address.test.ts (7 tests) 12ms',
        '',
        ' Test Files  1 failed | 2 passed (3)',
        '      Tests  1 failed | 26 passed (27)',
      ].join('\n'),
    ),
  ]);
  await turn.addResponseItems([shell('call_2', "rg -n 'Math.round' src/checkout/payment.ts")]);
  await turn.addResponseItems([output('call_2', '31:  const discounted = Math.round(total * (1 - rate) * 100) / 100;\n')]);
  await turn.addAgentMessage(
    'The test is not flaky, the rounding is: `payment.ts` rounds the discounted total before tax, so ' +
      'totals whose third decimal is 5 round down on some inputs. The test builds a random cart, which is ' +
      'why it fails only sometimes. Rounding once, after tax, fixes it.',
  );
  await turn.recordTokenUsage(usage(9_100, 310));
  await turn.complete();
}
{
  const turn = await flaky.startTurn({ input: 'Makes sense. Fix it and run the tests again.' });
  await turn.addResponseItems([
    {
      type: 'custom_tool_call',
      name: 'apply_patch',
      call_id: 'call_3',
      input:
        '*** Begin Patch\n*** Update File: src/checkout/payment.ts\n@@\n-  const discounted = Math.round(total * (1 - rate) * 100) / 100;\n+  const discounted = total * (1 - rate);\n*** End Patch',
    },
  ]);
  await turn.addResponseItems([{ type: 'custom_tool_call_output', call_id: 'call_3', output: 'Success. Updated src/checkout/payment.ts' }]);
  await turn.addResponseItems([shell('call_4', 'npx vitest run src/checkout --repeat 20')]);
  await turn.addResponseItems([output('call_4', ' Test Files  3 passed (3)\n      Tests  540 passed (540)\n')]);
  await turn.addAgentMessage('Fixed: the discount is no longer rounded on its own, and 20 runs of the checkout suite pass.');
  await turn.recordTokenUsage(usage(10_400, 180));
  await turn.complete();
}
await flaky.shutdown();
await manager.updateThreadMetadata(flaky.threadId, { name: 'flaky checkout test' });

// 2. A question answered in the editor.
const darkMode = await manager.startThread({ source: 'vscode', cwd: '/home/ada/projects/webshop' });
{
  const turn = await darkMode.startTurn({ input: 'How should I add a dark mode to the settings page?' });
  await turn.addResponseItems([reasoning('The app already uses CSS variables for its palette.')]);
  await turn.addAgentMessage(
    'Your colours are already CSS variables in `theme.css`, so: add a `[data-theme="dark"]` block that ' +
      'overrides them, a toggle in `SettingsPage.tsx` that sets `document.documentElement.dataset.theme`, ' +
      'and keep the choice in localStorage. Start from `prefers-color-scheme` when nothing is stored.',
  );
  await turn.recordTokenUsage(usage(5_600, 420));
  await turn.complete();
}
await darkMode.shutdown();

// 3. A scripted `codex exec`-style run on another provider.
const changelog = await manager.startThread({
  source: 'exec',
  modelProvider: 'ollama',
  model: 'qwen3-coder',
  cwd: '/home/ada/projects/api',
});
{
  const turn = await changelog.startTurn({ input: "Summarise yesterday's commits for the changelog." });
  await turn.addResponseItems([shell('call_1', 'git log --since=yesterday --oneline')]);
  await turn.addResponseItems([
    output('call_1', 'a41c2e9 Paginate /orders\n7d03b11 Fix timezone of invoice dates\n19fe0aa Bump pg to 8.16\n'),
  ]);
  await turn.addAgentMessage('- Orders are paginated (`/orders?cursor=`).\n- Invoice dates use the shop timezone.\n- pg 8.16.');
  await turn.recordTokenUsage(usage(2_100, 90));
  await turn.complete();
}
await changelog.shutdown();

// 4. A planning thread, given a name.
const release = await manager.startThread({ cwd: '/home/ada/projects/webshop' });
{
  const turn = await release.startTurn({ input: 'Draft the release notes for 2.4 from the merged pull requests.' });
  await turn.addAgentMessage(
    '## 2.4\n\n- Dark mode on the settings page\n- Checkout totals no longer lose a cent on some discounts\n- Faster product search',
  );
  await turn.recordTokenUsage(usage(3_300, 150));
  await turn.complete();
}
await release.shutdown();
await manager.updateThreadMetadata(release.threadId, { name: 'release notes 2.4' });

// 5. An old experiment, archived.
const spike = await manager.startThread({ cwd: '/home/ada/projects/api' });
{
  const turn = await spike.startTurn({ input: 'Try running the API on Bun and compare the start-up time.' });
  await turn.addAgentMessage('Bun starts the API in 180 ms against 620 ms on Node, but two native modules do not load.');
  await turn.complete();
}
await spike.shutdown();

await manager.shutdownAll({ timeoutMs: 10_000 });
await store.archiveThread({ threadId: spike.threadId });
await store.close();

function threads(...args) {
  console.log(`\n$ threads ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const run = spawnSync(process.execPath, [threadsBin, '--home', home, ...args], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`demo: threads ${args.join(' ')} exited with ${run.status ?? run.signal}`);
    process.exit(1);
  }
}

console.log(`Recorded 5 threads through @threadkit/core into ${home} (4 active, 1 archived).`);
console.log(`The Codex CLI reads them too: CODEX_HOME=${home} codex resume`);
threads('list');
threads('show', 'flaky checkout test');
console.log('\nMore: node apps/threads/dist/cli.js --help   (try search, stats, export, --json)');
