import { createMain } from '../../server/kernel/cloud-function';
import { identityFunction } from '../../server/identity/identity.function';

/** Cloud function entry: thin by rule; everything lives in server/identity. */
export const main = createMain(identityFunction);
