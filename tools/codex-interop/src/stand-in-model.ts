import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { estimateUsage, type ResponsesOutputItem, responseEvents } from './responses-stream';

/** What the stand-in model answers to one `POST /v1/responses`. */
export type StandInReply =
  /** An assistant message. */
  | { text: string }
  /**
   * A call of Codex's shell tool running `command`; Codex runs it and asks again
   * with the output, so the next reply in the script answers that second request.
   * The tool (`exec_command` or `shell`) is picked from the tools Codex offered.
   */
  | { shellCommand: string }
  /** A call of any tool, with `arguments` sent as JSON text. */
  | { functionCall: { name: string; arguments: unknown } };

export interface StandInModelOptions {
  /** Answers in order, one per request; when they run out, `Reply <n>` texts follow. */
  replies?: StandInReply[];
}

export interface RecordedModelRequest {
  method: string;
  path: string;
  /** The parsed JSON body, or undefined when it was empty or undecodable. */
  body: unknown;
}

export interface StandInModel {
  /** Base URL for a model provider entry, e.g. `http://127.0.0.1:40123/v1`. */
  baseUrl: string;
  /** Every request received, in order, including ones the stand-in did not understand. */
  requests: RecordedModelRequest[];
  /** Requests to `POST /v1/responses` only. */
  responseRequests(): RecordedModelRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 (random port) that plays an OpenAI Responses
 * model: it answers `POST /v1/responses` with a server-sent event stream so that
 * `codex exec` completes turns without any network beyond loopback.
 */
export async function startStandInModel(options: StandInModelOptions = {}): Promise<StandInModel> {
  const script = [...(options.replies ?? [])];
  const requests: RecordedModelRequest[] = [];
  let served = 0;

  const server = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const body = parseBody(raw, req.headers['content-encoding']);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        requests.push({ method: req.method ?? 'GET', path, body });
        if (req.method === 'POST' && path.endsWith('/responses')) {
          served += 1;
          const reply = script.shift() ?? { text: `Reply ${served}` };
          streamReply(res, served, toOutputItem(reply, served, body), raw.length);
        } else if (req.method === 'GET' && path.endsWith('/models')) {
          sendJson(res, 200, { object: 'list', data: [], models: [] });
        } else {
          sendJson(res, 404, { error: { message: `the stand-in model does not serve ${req.method} ${path}` } });
        }
      },
      () => sendJson(res, 400, { error: { message: 'unreadable request body' } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    responseRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toOutputItem(reply: StandInReply, n: number, requestBody: unknown): ResponsesOutputItem {
  if ('text' in reply) {
    return {
      type: 'message',
      id: `msg_${n}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: reply.text, annotations: [] }],
    };
  }
  const call = 'functionCall' in reply ? reply.functionCall : shellToolCall(reply.shellCommand, offeredToolNames(requestBody));
  return {
    type: 'function_call',
    id: `fc_${n}`,
    call_id: `call_${n}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    status: 'completed',
  };
}

// Codex offers `exec_command` (unified exec) in the releases we pin; older ones `shell`.
function shellToolCall(command: string, offered: Set<string>): { name: string; arguments: unknown } {
  if (offered.has('shell') && !offered.has('exec_command')) {
    return { name: 'shell', arguments: { command: ['bash', '-lc', command] } };
  }
  if (offered.has('shell_command') && !offered.has('exec_command')) {
    return { name: 'shell_command', arguments: { command } };
  }
  return { name: 'exec_command', arguments: { cmd: command, yield_time_ms: 1000 } };
}

function offeredToolNames(body: unknown): Set<string> {
  const tools = (body as { tools?: unknown } | undefined)?.tools;
  const names = new Set<string>();
  if (Array.isArray(tools)) {
    for (const tool of tools) {
      const name = (tool as { name?: unknown }).name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}

function streamReply(res: ServerResponse, n: number, item: ResponsesOutputItem, requestBytes: number): void {
  const outputText = item.type === 'message' ? (item.content[0]?.text ?? '') : item.arguments;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const event of responseEvents(`resp_${n}`, item, estimateUsage(requestBytes, outputText))) res.write(event);
  res.end();
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, encoding: string | string[] | undefined): unknown {
  if (raw.length === 0) return undefined;
  try {
    const decoded =
      encoding === 'gzip'
        ? gunzipSync(raw)
        : encoding === 'br'
          ? brotliDecompressSync(raw)
          : encoding === 'deflate'
            ? inflateSync(raw)
            : raw;
    return JSON.parse(decoded.toString('utf8'));
  } catch {
    return undefined;
  }
}
