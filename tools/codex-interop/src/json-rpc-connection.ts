import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';

/** A JSON-RPC error answer, with the method that caused it. */
export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
    readonly data: unknown,
  ) {
    super(`${method} failed: ${rpcMessage} (code ${code})`);
    this.name = 'JsonRpcError';
  }
}

export interface JsonRpcNotification {
  method: string;
  params: unknown;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * JSON-RPC over a pair of streams, one JSON object per line, as `codex app-server`
 * speaks it on stdio. Codex leaves out the `"jsonrpc": "2.0"` member and so do we.
 * Requests the server sends us are refused: this client offers no methods.
 */
export class JsonRpcConnection {
  readonly notifications: JsonRpcNotification[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(notification: JsonRpcNotification) => void>();
  private nextId = 1;
  private closedReason: string | undefined;

  constructor(
    input: Readable,
    private readonly output: Writable,
    /** Appended to error messages (for example the server's recent stderr). */
    private readonly context: () => string = () => '',
  ) {
    createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => this.receive(line));
    output.on('error', () => undefined); // a dead server is reported through `fail`
  }

  request<T>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    if (this.closedReason) return Promise.reject(new Error(`${method} not sent: ${this.closedReason}${this.context()}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer within ${timeoutMs} ms${this.context()}`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.send(params === undefined ? { id, method } : { id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    if (this.closedReason) return;
    this.send(params === undefined ? { method } : { method, params });
  }

  onNotification(listener: (notification: JsonRpcNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fails every pending and future request; called when the server goes away. */
  fail(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`${pending.method} got no answer: ${reason}${this.context()}`));
      this.pending.delete(id);
    }
  }

  private send(message: Record<string, unknown>): void {
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not protocol output
    }
    const { id, method } = message;
    if (typeof method === 'string' && id !== undefined) {
      this.send({ id, error: { code: -32601, message: `this client does not handle ${method}` } });
    } else if (typeof method === 'string') {
      const notification = { method, params: message.params };
      this.notifications.push(notification);
      for (const listener of this.listeners) listener(notification);
    } else if (typeof id === 'number') {
      this.settle(id, message);
    }
  }

  private settle(id: number, message: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const error = message.error as { code?: number; message?: string; data?: unknown } | undefined;
    if (error) {
      pending.reject(
        new JsonRpcError(pending.method, error.code ?? 0, error.message ?? 'unknown error', error.data),
      );
    } else {
      pending.resolve(message.result);
    }
  }
}
