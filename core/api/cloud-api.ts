import type { PolicyApi } from './policy-api';
import type { FilingApi } from './filing-api';
import type { ReviewApi } from './review-api';
import type { InstitutionApi } from './institution-api';
import type { NotificationApi } from './notification-api';
import type { IdentityApi } from './identity-api';

/**
 * Every cloud function and action the mini-program may call, with input and output types.
 * The typed client is generic over this map, so a page cannot call what does not exist.
 */
export interface CloudApi {
  policy: PolicyApi;
  filing: FilingApi;
  review: ReviewApi;
  institution: InstitutionApi;
  notification: NotificationApi;
  identity: IdentityApi;
}

export type CloudFunctionName = keyof CloudApi;
export type ActionName<F extends CloudFunctionName> = keyof CloudApi[F] & string;
export type ActionInput<F extends CloudFunctionName, A extends ActionName<F>> =
  CloudApi[F][A] extends { input: infer I } ? I : never;
export type ActionOutput<F extends CloudFunctionName, A extends ActionName<F>> =
  CloudApi[F][A] extends { output: infer O } ? O : never;
