import { describeThreadStoreConformance } from '@threadkit/thread-store/conformance';
import { afterAll } from 'vitest';
import { lazyPGlite, pgliteBackend, REAL_SERVER_URL, realServerBackend, type TestBackend } from './testing/test-databases';

const pglite = lazyPGlite();
afterAll(() => pglite.close());

function conformanceTarget(backend: TestBackend, defaultModelProvider: string) {
  return backend.open({ defaultModelProvider }).then((store) => ({
    store,
    // Another process on the same database: its own pool, its own lock session.
    openSecondInstance: () => backend.open({ defaultModelProvider }),
    cleanup: () => backend.cleanup(),
  }));
}

describeThreadStoreConformance({
  name: 'PostgresThreadStore on PGlite',
  create: async ({ defaultModelProvider }) =>
    conformanceTarget(await pgliteBackend(await pglite.get()), defaultModelProvider),
  capabilities: { searchThreads: true, sharedBackend: true },
});

const realServer = REAL_SERVER_URL;
if (realServer) {
  describeThreadStoreConformance({
    name: 'PostgresThreadStore on PostgreSQL (THREADKIT_PG_URL)',
    create: async ({ defaultModelProvider }) =>
      conformanceTarget(await realServerBackend(realServer), defaultModelProvider),
    capabilities: { searchThreads: true, sharedBackend: true },
  });
}
