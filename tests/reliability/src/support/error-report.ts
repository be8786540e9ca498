import { isThreadStoreError } from '@threadkit/thread-store';

/** How one store call ended, as plain JSON a child process can print. */
export type CallReport =
  | { ok: true }
  | {
      ok: false;
      /** ThreadStoreError code, or `not a ThreadStoreError`. */
      code: string;
      message: string;
      /** `code` of every error along the `cause` chain (ENOSPC, EACCES, io...). */
      causeCodes: string[];
    };

export async function reportCall(call: () => Promise<unknown>): Promise<CallReport> {
  try {
    await call();
    return { ok: true };
  } catch (error) {
    const causeCodes: string[] = [];
    let cause = (error as { cause?: unknown }).cause;
    for (let depth = 0; cause && depth < 10; depth++) {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === 'string') causeCodes.push(code);
      cause = (cause as { cause?: unknown }).cause;
    }
    return {
      ok: false,
      code: isThreadStoreError(error) ? error.code : 'not a ThreadStoreError',
      message: (error as Error).message,
      causeCodes,
    };
  }
}
