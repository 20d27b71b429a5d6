import { createMain, type CloudFunctionMain } from '../../server/kernel/cloud-function';
import { schedulerEvent, schedulerFunction } from '../../server/notification/scheduler.function';

const run = createMain(schedulerFunction);

/** Cloud function entry, called by the timer trigger of config.json (every 5 minutes). */
export const main: CloudFunctionMain = (event, context) => run(schedulerEvent(event), context);
