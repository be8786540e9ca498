declare const __THREADS_VERSION__: string | undefined;

/** Set by the build from package.json; `dev` when run from source (tests). */
export const THREADS_VERSION: string = typeof __THREADS_VERSION__ === 'string' ? __THREADS_VERSION__ : 'dev';
