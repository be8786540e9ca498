import { describeThreadStoreConformance } from '../conformance/index';
import { InMemoryThreadStore } from './in-memory-thread-store';

describeThreadStoreConformance({
  name: 'InMemoryThreadStore',
  create: ({ defaultModelProvider }) => {
    const store = new InMemoryThreadStore({ defaultModelProvider });
    return {
      store,
      openSecondInstance: () => new InMemoryThreadStore({ backend: store.backend, defaultModelProvider }),
    };
  },
  capabilities: { searchThreads: true, sharedBackend: true },
});
