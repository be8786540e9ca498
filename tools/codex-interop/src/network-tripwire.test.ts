import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startCodexAppServer } from './codex-app-server';
import { codexFixture } from './codex-fixtures';
import { OLDEST_CODEX_VERSION } from './codex-versions';
import { ensureCodexCli } from './ensure-codex-cli';
import { codexInteropEnabled } from './interop-switch';
import { startNetworkTripwire } from './network-tripwire';
import { copyCodexHome } from './temp-dirs';

describe('startNetworkTripwire', () => {
  it('refuses and records proxied requests', async () => {
    const tripwire = await startNetworkTripwire();
    try {
      const proxy = new URL(tripwire.env.HTTP_PROXY!);
      // Whatever reaches it, proxied or not, is refused and written down.
      const response = await fetch(`${proxy.origin}/`, { method: 'GET' });
      expect(response.status).toBe(403);
      expect(tripwire.attempts).toEqual(['GET /']);
      expect(tripwire.env.NO_PROXY).toContain('127.0.0.1');
    } finally {
      await tripwire.close();
    }
  });
});

// Proves the empty `outboundAttempts` other tests assert is meaningful: with the
// plugin marketplace sync switched back on, Codex does try to reach GitHub, and
// the tripwire catches it.
describe.runIf(codexInteropEnabled())('the tripwire around a real Codex', () => {
  it('catches what Codex tries to reach when an offline setting is undone', async () => {
    const version = OLDEST_CODEX_VERSION;
    await ensureCodexCli(version);
    const home = await copyCodexHome(codexFixture(version).home);
    const server = await startCodexAppServer({ version, codexHome: home.path, config: ['features.plugins=true'] });
    try {
      for (let waited = 0; waited < 15_000 && server.outboundAttempts().length === 0; waited += 100) await sleep(100);
      expect(server.outboundAttempts()).toContain('CONNECT github.com:443');
    } finally {
      await server.close();
      await home.remove();
    }
  }, 10 * 60_000);
});
