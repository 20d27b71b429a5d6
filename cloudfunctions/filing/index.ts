import { createMain } from '../../server/kernel/cloud-function';
import { filingFunction } from '../../server/filing/filing.function';

/** Cloud function entry: thin by rule; everything lives in server/filing. */
export const main = createMain(filingFunction);
