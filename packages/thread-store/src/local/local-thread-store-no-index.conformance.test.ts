import { describeThreadStoreConformance } from '../conformance/index';
import { LocalThreadStore } from './local-thread-store';
import { tempDir } from './testing/temp-home';

describeThreadStoreConformance({
  name: 'LocalThreadStore (index: none)',
  create: async ({ defaultModelProvider }) => {
    const home = await tempDir();
    const open = () => LocalThreadStore.open({ home: home.path, index: 'none', defaultModelProvider });
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
  // Without an index the files are the only record: metadata is what they say.
  capabilities: { searchThreads: true, sharedBackend: true, metadataFromPatchesOnly: false, readThreadByRolloutPath: true },
});
