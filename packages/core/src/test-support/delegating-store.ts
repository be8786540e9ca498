import type { ThreadStore } from '@threadkit/thread-store';

type Method = Exclude<keyof ThreadStore, 'apiVersion' | 'capabilities'>;
type Overrides = { [K in Method]?: NonNullable<ThreadStore[K]> };

/**
 * A real store with some operations replaced (a hung shutdown, a store that reports
 * rollout files): everything not overridden goes to `inner`, so behaviour stays real.
 */
export function delegatingStore(inner: ThreadStore, overrides: Overrides): ThreadStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const override = overrides[property as Method];
      if (override) return override;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A promise that never settles: a store call that hangs. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
