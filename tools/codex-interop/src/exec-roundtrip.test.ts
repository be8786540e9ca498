import { mkdir, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodexAppServer, startCodexAppServer } from './codex-app-server';
import { writeCodexConfig } from './codex-config';
import { runCodexExec } from './codex-exec';
import { turnTexts } from './comparable-thread';
import { PINNED_CODEX_VERSIONS } from './codex-versions';
import { ensureCodexCli } from './ensure-codex-cli';
import { codexInteropEnabled } from './interop-switch';
import { type StandInModel, startStandInModel } from './stand-in-model';
import { makeTempDir } from './temp-dirs';

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const FIRST_PROMPT = 'threadkit interop: first turn';
const SECOND_PROMPT = 'threadkit interop: second turn';

async function rolloutFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((entry) => /rollout-.*\.jsonl$/.test(entry));
}

// A fresh home, a turn that calls a tool, a resumed second turn, then the
// app-server of the same release lists, reads, renames and archives the result.
describe.runIf(codexInteropEnabled()).each(PINNED_CODEX_VERSIONS)('codex %s exec against the stand-in model', (version) => {
  let model: StandInModel;
  let dir: { path: string; remove: () => Promise<void> };
  let codexHome: string;
  let project: string;
  let threadId: string;
  let server: CodexAppServer | undefined;

  beforeAll(async () => {
    await ensureCodexCli(version);
    model = await startStandInModel({
      replies: [{ shellCommand: 'echo tool-ran' }, { text: 'first answer' }, { text: 'second answer' }],
    });
    dir = await makeTempDir('threadkit-exec-test-');
    codexHome = join(dir.path, 'codex-home');
    project = join(dir.path, 'project');
    await mkdir(project, { recursive: true });
    project = await realpath(project);
    await writeCodexConfig(codexHome, { baseUrl: model.baseUrl });
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await model?.close();
    await dir?.remove();
  });

  it('runs a turn with a tool call and writes a new session file', async () => {
    expect(await rolloutFiles(join(codexHome, 'sessions'))).toEqual([]);
    const run = await runCodexExec({ version, codexHome, cwd: project, prompt: FIRST_PROMPT });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.outboundAttempts).toEqual([]);
    expect(run.threadId).toMatch(/^[0-9a-f-]{36}$/);
    threadId = run.threadId!;
    expect(run.events.some((e) => e.type === 'turn.completed')).toBe(true);

    const [first, second] = model.responseRequests();
    expect(JSON.stringify(first?.body)).toContain(FIRST_PROMPT);
    expect(JSON.stringify(second?.body)).toContain('function_call_output');
    expect(JSON.stringify(second?.body)).toContain('tool-ran');

    const files = await rolloutFiles(join(codexHome, 'sessions'));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(threadId);
  }, 120_000);

  it('resumes the thread for a second turn in the same file', async () => {
    const run = await runCodexExec({ version, codexHome, cwd: project, prompt: SECOND_PROMPT, resumeThreadId: threadId });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.outboundAttempts).toEqual([]);
    expect(run.threadId).toBe(threadId);
    expect(await rolloutFiles(join(codexHome, 'sessions'))).toHaveLength(1);
  }, 120_000);

  it('is listed by thread/list and read back turn by turn', async () => {
    server = await startCodexAppServer({ version, codexHome });
    const threads = await server.listThreads();
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({
      id: threadId,
      preview: FIRST_PROMPT,
      name: null,
      source: 'exec',
      modelProvider: 'mock',
      cwd: project,
      cliVersion: version,
    });
    const read = await server.readThread(threadId, { includeTurns: true });
    expect(turnTexts(read).map((turn) => turn.items)).toEqual([
      [
        { type: 'userMessage', text: FIRST_PROMPT },
        { type: 'agentMessage', text: 'first answer' },
      ],
      [
        { type: 'userMessage', text: SECOND_PROMPT },
        { type: 'agentMessage', text: 'second answer' },
      ],
    ]);
  }, 60_000);

  it('shows a name set with thread/name/set', async () => {
    await server!.setThreadName(threadId, 'Interop check');
    const [thread] = await server!.listThreads();
    expect(thread?.name).toBe('Interop check');
  }, 60_000);

  it('archives and unarchives the thread', async () => {
    await server!.archiveThread(threadId);
    expect((await server!.listThreads()).map((t) => t.id)).toEqual([]);
    expect((await server!.listThreads({ archived: true })).map((t) => t.id)).toEqual([threadId]);
    expect(await rolloutFiles(join(codexHome, 'archived_sessions'))).toHaveLength(1);

    const restored = await server!.unarchiveThread(threadId);
    expect(restored).toMatchObject({ id: threadId, name: 'Interop check' });
    expect((await server!.listThreads()).map((t) => t.id)).toEqual([threadId]);
    expect(await rolloutFiles(join(codexHome, 'archived_sessions'))).toEqual([]);
  }, 60_000);

  it('sent every model request to the stand-in model and nothing anywhere else', () => {
    expect(server!.outboundAttempts()).toEqual([]);
    expect(model.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/responses',
      'POST /v1/responses',
      'POST /v1/responses',
    ]);
  });
});
