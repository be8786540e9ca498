import { describeThreadStoreConformance } from '../conformance/index';
import { LocalThreadStore } from './local-thread-store';
import { tempDir } from './testing/temp-home';

describeThreadStoreConformance({
  name: 'LocalThreadStore (index: sqlite)',
  create: async ({ defaultModelProvider }) => {
    const home = await tempDir();
    const open = () => LocalThreadStore.open({ home: home.path, index: 'sqlite', defaultModelProvider });
    const store = await open();
    const others: LocalThreadStore[] = [];
    return {
      store,
      openSecondInstance: async () => {
        const other = await open();
        others.push(other);
        return other;
      },
      cleanup: async () => {
        for (const s of [store, ...others]) await s.close();
        await home.remove();
      },
    };
  },
  capabilities: { searchThreads: true, sharedBackend: true, readThreadByRolloutPath: true },
});
