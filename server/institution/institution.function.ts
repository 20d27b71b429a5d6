import { InstitutionActions } from '../../core/institution/institution-actions.schema';
import { action, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { institutionService } from './institution.service';

/** `institution`: the public directory of networked institutions and agencies (no identity needed). */
export const institutionFunction: CloudFunctionDefinition = {
  name: 'institution',
  actions: {
    search: action({
      input: InstitutionActions.search,
      handle: (input, ctx) => institutionService(ctx.runtime).search(input),
    }),
    nearby: action({
      input: InstitutionActions.nearby,
      handle: (input, ctx) => institutionService(ctx.runtime).nearby(input),
    }),
    get: action({
      input: InstitutionActions.get,
      handle: (input, ctx) => institutionService(ctx.runtime).get(input.code),
    }),
    agencies: action({
      input: InstitutionActions.agencies,
      handle: (input, ctx) => institutionService(ctx.runtime).agencies(input.region),
    }),
  },
};
