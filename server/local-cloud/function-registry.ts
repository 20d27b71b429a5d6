import type { CloudFunctionMain } from '../kernel/cloud-function';
import { main as policy } from '../../cloudfunctions/policy/index';
import { main as filing } from '../../cloudfunctions/filing/index';
import { main as review } from '../../cloudfunctions/review/index';
import { main as institution } from '../../cloudfunctions/institution/index';
import { main as notification } from '../../cloudfunctions/notification/index';
import { main as scheduler } from '../../cloudfunctions/scheduler/index';
import { main as identity } from '../../cloudfunctions/identity/index';

/** The real cloud-function entries the local cloud hosts, by name, as deployed. */
export const FUNCTIONS: Readonly<Record<string, CloudFunctionMain>> = {
  policy,
  filing,
  review,
  institution,
  notification,
  scheduler,
  identity,
};
