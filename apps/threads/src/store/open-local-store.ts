import { CliError } from '../errors';
import type { StoreOpener } from './store-opener';

export const openLocalStore: StoreOpener = async () => {
  throw new CliError('this build cannot open Codex homes yet: LocalThreadStore is not available');
};
