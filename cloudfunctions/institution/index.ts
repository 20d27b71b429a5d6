import { createMain } from '../../server/kernel/cloud-function';
import { institutionFunction } from '../../server/institution/institution.function';

/** Cloud function entry: thin by rule; everything lives in server/institution. */
export const main = createMain(institutionFunction);
