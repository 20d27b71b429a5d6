import { createMain } from '../../server/kernel/cloud-function';
import { schedulerFunction } from '../../server/notification/scheduler.function';

/** Cloud function entry, called by the timer trigger of config.json (every 5 minutes). */
export const main = createMain(schedulerFunction);
