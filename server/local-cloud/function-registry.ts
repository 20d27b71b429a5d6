import type { CloudFunctionMain } from '../kernel/cloud-function';
import { main as policy } from '../../cloudfunctions/policy/index';

/** The real cloud-function entries the local cloud hosts, by name, as deployed. */
export const FUNCTIONS: Readonly<Record<string, CloudFunctionMain>> = {
  policy,
};
