import type { FilingRepository } from '../../../server/filing/filing-repository.port';
import type { WriteOp } from '../../../server/store/document-store';

/**
 * A deliberately broken build: the store ignores `expectedVersion`, so an update made from a
 * stale read overwrites the winner instead of failing — a decision without the version check.
 */
export function withoutVersionCheck(repo: FilingRepository): FilingRepository {
  const unchecked = (op: WriteOp): WriteOp => (op.kind === 'update' ? { kind: 'put', collection: op.collection, doc: op.doc } : op);
  return Object.assign(Object.create(repo) as FilingRepository, {
    commit: (ops: readonly WriteOp[]) => repo.commit(ops.map(unchecked)),
  });
}
