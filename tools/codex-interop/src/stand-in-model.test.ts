import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCodexConfig } from './codex-config';
import { type StandInModel, startStandInModel } from './stand-in-model';
import { makeTempDir } from './temp-dirs';

let model: StandInModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

/** Reads an SSE body into its `data:` payloads. */
async function events(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = JSON.parse(lines.find((l) => l.startsWith('data: '))?.slice('data: '.length) ?? 'null');
      expect(data.type).toBe(event);
      return data;
    });
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('startStandInModel', () => {
  it('listens on loopback only', async () => {
    model = await startStandInModel();
    expect(model.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('streams a text reply as Responses server-sent events', async () => {
    model = await startStandInModel({ replies: [{ text: 'hello there, this is a longer answer' }] });
    const response = await post(model.baseUrl, { model: 'mock-model', input: [], stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const stream = await events(response);
    expect(stream.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const deltas = stream.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);
    expect(deltas.join('')).toBe('hello there, this is a longer answer');
    const done = stream.find((e) => e.type === 'response.output_item.done')?.item as Record<string, unknown>;
    expect(done).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'hello there, this is a longer answer' }],
    });
    const completed = stream.at(-1)?.response as { usage: { total_tokens: number; input_tokens: number } };
    expect(completed.usage.total_tokens).toBeGreaterThan(completed.usage.input_tokens);
  });

  it('plays the script in order: a shell call with the tool Codex offered, then text, then defaults', async () => {
    model = await startStandInModel({ replies: [{ shellCommand: 'echo hi' }, { text: 'done' }] });
    const first = await events(await post(model.baseUrl, { tools: [{ type: 'function', name: 'exec_command' }] }));
    expect(first.find((e) => e.type === 'response.output_item.done')?.item).toMatchObject({
      type: 'function_call',
      name: 'exec_command',
      call_id: 'call_1',
      arguments: JSON.stringify({ cmd: 'echo hi', yield_time_ms: 1000 }),
    });
    const second = await events(await post(model.baseUrl, { input: [{ type: 'function_call_output', call_id: 'call_1' }] }));
    expect(second.find((e) => e.type === 'response.output_item.done')?.item).toMatchObject({ content: [{ text: 'done' }] });
    const third = await events(await post(model.baseUrl, {}));
    expect(third.find((e) => e.type === 'response.output_item.done')?.item).toMatchObject({ content: [{ text: 'Reply 3' }] });

    expect(model.responseRequests()).toHaveLength(3);
    expect(model.responseRequests()[1]?.body).toEqual({ input: [{ type: 'function_call_output', call_id: 'call_1' }] });
  });

  it('falls back to the older shell tool when that is the one offered', async () => {
    model = await startStandInModel({ replies: [{ shellCommand: 'ls' }] });
    const stream = await events(await post(model.baseUrl, { tools: [{ type: 'function', name: 'shell' }] }));
    expect(stream.find((e) => e.type === 'response.output_item.done')?.item).toMatchObject({
      name: 'shell',
      arguments: JSON.stringify({ command: ['bash', '-lc', 'ls'] }),
    });
  });

  it('records and refuses what it does not serve', async () => {
    model = await startStandInModel();
    const response = await fetch(`${model.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(model.requests).toEqual([{ method: 'POST', path: '/v1/chat/completions', body: {} }]);
  });
});

describe('writeCodexConfig', () => {
  it('writes a provider entry pointing at the stand-in model', async () => {
    const dir = await makeTempDir();
    try {
      const path = await writeCodexConfig(dir.path, { baseUrl: 'http://127.0.0.1:4321/v1' });
      const toml = await readFile(path, 'utf8');
      expect(toml).toContain('model_provider = "mock"');
      expect(toml).toContain('model = "mock-model"');
      expect(toml).toContain('[model_providers.mock]\nname = "threadkit stand-in model"\nbase_url = "http://127.0.0.1:4321/v1"');
      expect(toml).toContain('wire_api = "responses"');
      expect(toml).toContain('request_max_retries = 0');
      expect(toml).toContain('features.plugins = false');
    } finally {
      await dir.remove();
    }
  });

  it('refuses a base URL off the machine', async () => {
    const dir = await makeTempDir();
    try {
      await expect(writeCodexConfig(dir.path, { baseUrl: 'https://api.openai.com/v1' })).rejects.toThrow(/loopback/);
      await expect(writeCodexConfig(dir.path, { baseUrl: 'http://127.0.0.1:1/v1', providerId: 'a b' })).rejects.toThrow(
        /bare TOML key/,
      );
    } finally {
      await dir.remove();
    }
  });
});
