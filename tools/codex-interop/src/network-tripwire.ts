import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NetworkTripwire {
  /** Proxy variables that route every non-loopback HTTP(S) request here. */
  env: Record<string, string>;
  /** `CONNECT github.com:443`, `GET http://...`: what a Codex process tried to reach beyond loopback. */
  attempts: string[];
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1,localhost,::1';

/**
 * A proxy on 127.0.0.1 that refuses everything and writes down what was asked.
 * Codex (and the git it spawns) honours HTTP(S)_PROXY, so with it in the
 * environment a request meant for the internet is refused on this machine, and
 * tests can assert that none was even attempted.
 */
export async function startNetworkTripwire(): Promise<NetworkTripwire> {
  const attempts: string[] = [];
  const server = createServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(403);
    res.end();
  });
  server.on('connect', (req, socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: {
      HTTP_PROXY: proxy,
      HTTPS_PROXY: proxy,
      ALL_PROXY: proxy,
      http_proxy: proxy,
      https_proxy: proxy,
      all_proxy: proxy,
      NO_PROXY: LOOPBACK,
      no_proxy: LOOPBACK,
    },
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
