import { LocalThreadStore } from '@threadkit/thread-store';
import { timeRepeated } from '../measure/timing';

export interface ThreadkitListIndexedArgs {
  home: string;
  /** Holds an index already built for `home`. */
  sqliteHome: string;
  pageSize: number;
  warmup: number;
  runs: number;
}

/** The newest page from threadkit's index, through the public store API, once the index exists. */
export async function run(args: ThreadkitListIndexedArgs) {
  const store = await LocalThreadStore.open({ home: args.home, sqliteHome: args.sqliteHome, index: 'sqlite' });
  let listed = 0;
  const timing = await timeRepeated(
    async () => {
      listed = (await store.listThreads({ pageSize: args.pageSize, modelProviders: [], sortKey: 'created_at' })).items.length;
    },
    { warmup: args.warmup, runs: args.runs },
  );
  await store.close();
  return { ...timing, listed };
}
