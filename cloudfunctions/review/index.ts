import { createMain } from '../../server/kernel/cloud-function';
import { reviewFunction } from '../../server/filing/review.function';

/** Cloud function entry: thin by rule; everything lives in server/filing. */
export const main = createMain(reviewFunction);
