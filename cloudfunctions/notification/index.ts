import { createMain } from '../../server/kernel/cloud-function';
import { notificationFunction } from '../../server/notification/notification.function';

/** Cloud function entry: thin by rule; everything lives in server/notification. */
export const main = createMain(notificationFunction);
