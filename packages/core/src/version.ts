import { version } from '../package.json';

/** This package's version: the default `cli_version` of threads it creates. */
export const CORE_VERSION: string = version;
