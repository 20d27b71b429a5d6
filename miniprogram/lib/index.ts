/**
 * Everything the pages use from core and the cloud client, bundled by the build into one
 * lib/index.js so each page stays a small file and core ships once.
 */
export { callCloud, useCloudTransport, type CloudTransport } from './cloud-client';
export { describePolicy, type PolicyLine } from '../../core/policy/describe-policy';
export { PolicyActions, type PolicyView } from '../../core/api/policy-api';
export { issuesToFieldErrors } from '../../core/validation/field-errors';
export { FILING_TYPE_RULES } from '../../core/filing/filing-type';
export type { Result, AppError } from '../../core/errors/result';
