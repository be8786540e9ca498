import { LocalThreadStore } from '@threadkit/thread-store';
import { timeRepeated } from '../measure/timing';

export interface ThreadkitListUnindexedArgs {
  home: string;
  pageSize: number;
  warmup: number;
  runs: number;
}

/** The newest page without any index (`index: 'none'`): a scan of the newest day folders. */
export async function run(args: ThreadkitListUnindexedArgs) {
  const store = await LocalThreadStore.open({ home: args.home, index: 'none' });
  let firstPage: string[] = [];
  const timing = await timeRepeated(
    async () => {
      const page = await store.listThreads({ pageSize: args.pageSize, modelProviders: [], sortKey: 'created_at' });
      firstPage = page.items.map((thread) => thread.threadId);
    },
    { warmup: args.warmup, runs: args.runs },
  );
  await store.close();
  return { ...timing, listed: firstPage.length, firstPage };
}
