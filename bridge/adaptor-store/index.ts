// The adaptor's settings and counters in a file: the AdaptorStorage the command line uses.
export {
  ADAPTOR_STATE_MAX_BYTES,
  fileAdaptorStorage,
  readAdaptorSettings,
  type FileStorageOptions,
  type StoreFileOps,
} from './adaptor-store.ts';
export { AdaptorStoreError, type AdaptorStoreErrorCode } from './adaptor-store-error.ts';
