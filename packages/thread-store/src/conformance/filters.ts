import type { SessionSource } from '@threadkit/protocol';
import { expect, it } from 'vitest';
import type { ThreadStore } from '../thread-store';
import type { ListThreadsParams } from '../types/list-threads-params';
import { createParams, seedThread, userMessage } from './fixtures';
import { expectSameIds, listAll } from './paging';
import type { SuiteContext } from './suite-context';

interface Seed {
  key: string;
  preview: string;
  source: SessionSource;
  provider: string;
  cwd: string;
  archived?: boolean;
  parent?: string;
}

interface Seeded extends Seed {
  id: string;
  parentId: string | null;
}

const spawned = (nickname: string): SessionSource => ({
  subagent: {
    thread_spawn: { parent_thread_id: '00000000-0000-7000-8000-000000000000', depth: 1, agent_nickname: nickname },
  },
});

function seeds(defaultProvider: string): Seed[] {
  return [
    { key: 'alpha', preview: 'alpha apple', source: 'cli', provider: defaultProvider, cwd: '/work/alpha' },
    { key: 'beta', preview: 'beta banana', source: 'exec', provider: 'other', cwd: '/work/beta' },
    { key: 'gamma', preview: 'gamma apple', source: { custom: 'atlas' }, provider: defaultProvider, cwd: '/work/beta' },
    { key: 'delta', preview: 'delta cherry', source: 'cli', provider: 'third', cwd: '/work/alpha', archived: true },
    {
      key: 'epsilon',
      preview: 'epsilon banana',
      source: 'vscode',
      provider: 'other',
      cwd: '/work/gamma',
      archived: true,
    },
    { key: 'root', preview: 'tree root', source: 'cli', provider: defaultProvider, cwd: '/work/tree' },
    {
      key: 'child1',
      preview: 'tree child one',
      source: spawned('one'),
      provider: defaultProvider,
      cwd: '/work/tree',
      parent: 'root',
    },
    {
      key: 'child2',
      preview: 'tree child two',
      source: spawned('two'),
      provider: 'other',
      cwd: '/work/tree',
      parent: 'root',
    },
    {
      key: 'grandchild1',
      preview: 'tree grandchild',
      source: spawned('three'),
      provider: defaultProvider,
      cwd: '/work/tree',
      parent: 'child1',
    },
    {
      key: 'grandchild2',
      preview: 'tree archived grandchild',
      source: spawned('four'),
      provider: defaultProvider,
      cwd: '/work/tree',
      parent: 'child1',
      archived: true,
    },
  ];
}

async function seedAll(store: ThreadStore, defaultProvider: string): Promise<Seeded[]> {
  const byKey = new Map<string, Seeded>();
  for (const seed of seeds(defaultProvider)) {
    const parentId = seed.parent ? byKey.get(seed.parent)!.id : null;
    const id = await seedThread(store, {
      preview: seed.preview,
      source: seed.source,
      modelProvider: seed.provider,
      cwd: seed.cwd,
      parentThreadId: parentId,
      archived: seed.archived,
    });
    byKey.set(seed.key, { ...seed, id, parentId });
  }
  return [...byKey.values()];
}

const sameSource = (a: SessionSource, b: SessionSource) => JSON.stringify(a) === JSON.stringify(b);

export function filterTests(ctx: SuiteContext): void {
  /** Lists with page size 1 and with one big page; both must give exactly the expected threads. */
  async function expectListed(store: ThreadStore, params: ListThreadsParams, expected: Seeded[]): Promise<void> {
    const ids = expected.map((s) => s.id);
    expectSameIds(await listAll(store, { ...params, pageSize: 1 }), ids);
    const big = await store.listThreads({ ...params, pageSize: 100 });
    expectSameIds(big.items, ids);
    expect(big.nextCursor).toBeNull();
  }

  it(
    'filters by source, provider, cwd, collection, search term and relation, alone and combined',
    async () => {
      const store = ctx.store();
      const all = await seedAll(store, ctx.defaultModelProvider);
      const active = all.filter((s) => !s.archived);
      const archived = all.filter((s) => s.archived);
      const key = (k: string) => all.find((s) => s.key === k)!;

      await expectListed(store, { modelProviders: [] }, active);
      await expectListed(store, { modelProviders: [], archived: true }, archived);

      await expectListed(
        store,
        { modelProviders: [], allowedSources: ['cli'] },
        active.filter((s) => s.source === 'cli'),
      );
      await expectListed(
        store,
        { modelProviders: [], allowedSources: ['exec', { custom: 'atlas' }] },
        active.filter((s) => sameSource(s.source, 'exec') || sameSource(s.source, { custom: 'atlas' })),
      );
      await expectListed(store, { modelProviders: [], allowedSources: [] }, active);
      await expectListed(
        store,
        { modelProviders: [], allowedSources: ['cli'], archived: true },
        archived.filter((s) => s.source === 'cli'),
      );

      await expectListed(
        store,
        { modelProviders: ['other'] },
        active.filter((s) => s.provider === 'other'),
      );
      await expectListed(
        store,
        { modelProviders: ['other', 'third'], archived: true },
        archived.filter((s) => s.provider === 'other' || s.provider === 'third'),
      );
      if (ctx.capabilities.defaultModelProviderRule) {
        await expectListed(
          store,
          {},
          active.filter((s) => s.provider === ctx.defaultModelProvider),
        );
        await expectListed(
          store,
          { modelProviders: null },
          active.filter((s) => s.provider === ctx.defaultModelProvider),
        );
      }

      await expectListed(
        store,
        { modelProviders: [], cwdFilters: ['/work/alpha'] },
        active.filter((s) => s.cwd === '/work/alpha'),
      );
      await expectListed(
        store,
        { modelProviders: [], cwdFilters: ['/work/alpha', '/work/beta'] },
        active.filter((s) => s.cwd === '/work/alpha' || s.cwd === '/work/beta'),
      );
      await expectListed(store, { modelProviders: [], cwdFilters: [] }, []);
      await expectListed(store, { modelProviders: [], cwdFilters: null }, active);

      await expectListed(store, { modelProviders: [], searchTerm: 'banana' }, [key('beta')]);
      await expectListed(store, { modelProviders: [], searchTerm: 'apple' }, [key('alpha'), key('gamma')]);
      await expectListed(store, { modelProviders: [], searchTerm: 'banana', archived: true }, [key('epsilon')]);
      await expectListed(store, { modelProviders: [], searchTerm: 'durian' }, []);

      await expectListed(store, { modelProviders: [], relation: { directChildrenOf: key('root').id } }, [
        key('child1'),
        key('child2'),
      ]);
      await expectListed(store, { modelProviders: [], relation: { directChildrenOf: key('child1').id } }, [
        key('grandchild1'),
      ]);
      await expectListed(store, { modelProviders: [], relation: { descendantsOf: key('root').id } }, [
        key('child1'),
        key('child2'),
        key('grandchild1'),
      ]);
      await expectListed(store, { modelProviders: [], relation: { descendantsOf: key('root').id }, archived: true }, [
        key('grandchild2'),
      ]);
      await expectListed(store, { modelProviders: [], relation: { descendantsOf: key('alpha').id } }, []);

      await expectListed(store, { modelProviders: [], allowedSources: ['cli'], cwdFilters: ['/work/alpha'] }, [
        key('alpha'),
      ]);
      await expectListed(store, { modelProviders: ['other'], relation: { descendantsOf: key('root').id } }, [
        key('child2'),
      ]);
      await expectListed(store, { modelProviders: [], useStateDbOnly: true, allowedSources: ['cli'] }, [
        key('alpha'),
        key('root'),
      ]);
    },
    ctx.slowTestTimeoutMs,
  );

  it('does not count a thread that names itself as parent among its own descendants', async () => {
    const store = ctx.store();
    const selfParented = createParams();
    await store.createThread({ ...selfParented, parentThreadId: selfParented.threadId });
    await store.appendItems({ threadId: selfParented.threadId, items: [userMessage('my own parent')] });
    await store.updateThreadMetadata({ threadId: selfParented.threadId, patch: { preview: 'my own parent' } });
    await store.shutdownThread(selfParented.threadId);
    const child = await seedThread(store, { preview: 'child of a loop', parentThreadId: selfParented.threadId });
    const listed = await listAll(store, {
      modelProviders: [],
      pageSize: 1,
      relation: { descendantsOf: selfParented.threadId },
    });
    expectSameIds(listed, [child]);
  });

  it('applies filters before paging, for every sort key', async () => {
    const store = ctx.store();
    const wanted: string[] = [];
    for (let i = 0; i < 9; i++) {
      const id = await seedThread(store, {
        preview: `paged ${i}`,
        cwd: i % 3 === 0 ? '/work/wanted' : '/work/other',
        modelProvider: 'paged-provider',
      });
      if (i % 3 === 0) wanted.push(id);
    }
    for (const sortKey of ['created_at', 'updated_at', 'recency_at'] as const) {
      for (const sortDirection of ['asc', 'desc'] as const) {
        const listed = await listAll(store, {
          pageSize: 1,
          sortKey,
          sortDirection,
          cwdFilters: ['/work/wanted'],
          modelProviders: ['paged-provider'],
        });
        expectSameIds(listed, wanted);
      }
    }
  });
}
