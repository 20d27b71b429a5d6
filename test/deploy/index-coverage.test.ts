import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import { cloudbaseNotificationStore } from '../../server/notification/cloudbase-notification-store';
import { CloudbaseInstitutionRepository } from '../../server/institution/cloudbase-institution-repository';
import { cloudbaseCollections, type CollectionPlan } from '../../server/runtime/cloudbase-collections';
import { capturedQueries, createCloudbaseStandIn, type CapturedQuery } from '../support/cloudbase-stand-in';
import { branchesOf, unservedQueries } from '../support/index-coverage';

/**
 * The index proof itself (test/support/index-coverage.ts) must be able to fail: the contract
 * suites end with it, and here it is shown refusing queries once an index they need is gone.
 */
function without(collection: string, ...indexes: string[]): CollectionPlan[] {
  return cloudbaseCollections().map((c) => (c.name === collection ? { ...c, indexes: c.indexes.filter((i) => !indexes.includes(i.name)) } : c));
}

function queriesOf(run: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const before = capturedQueries().length;
  return run().then(() => capturedQueries().slice(before));
}

describe('which index serves a query', () => {
  const query = (filter: Record<string, unknown>, sort: [string, 1 | -1][] = []): CapturedQuery => ({ collection: 'filings', kind: 'find', filter, sort });

  it('needs the equality fields first, then the sort in order', () => {
    const declared: CollectionPlan[] = [{ name: 'filings', indexes: [{ name: 'q', keys: [['insuredCity', 1], ['status', 1], ['reviewDeadline', 1], ['_id', 1]] }] }];
    expect(unservedQueries([query({ insuredCity: '320500', status: 'submitted' }, [['reviewDeadline', 1], ['_id', 1]])], declared)).toEqual([]);
    // Reversed as a whole is the same index walked backwards.
    expect(unservedQueries([query({ insuredCity: '320500', status: 'submitted' }, [['reviewDeadline', -1], ['_id', -1]])], declared)).toEqual([]);
    // Mixed directions, a sort field out of order, or a sort the prefix does not reach: not served.
    expect(unservedQueries([query({ insuredCity: '320500', status: 'submitted' }, [['reviewDeadline', 1], ['_id', -1]])], declared)).toHaveLength(1);
    expect(unservedQueries([query({ insuredCity: '320500', status: 'submitted' }, [['_id', 1], ['reviewDeadline', 1]])], declared)).toHaveLength(1);
    expect(unservedQueries([query({ insuredCity: '320500' }, [['reviewDeadline', 1]])], declared)).toHaveLength(1);
    // No constraint on the index's first field and no sort: it cannot narrow anything.
    expect(unservedQueries([query({ status: 'submitted' })], declared)).toHaveLength(1);
    // A range on the first field narrows; `_id` is always indexed.
    expect(unservedQueries([query({ insuredCity: { $gt: '3' } })], declared)).toEqual([]);
    expect(unservedQueries([query({ _id: 'f1' })], declared)).toEqual([]);
    expect(unservedQueries([query({}, [['_id', 1]])], declared)).toEqual([]);
  });

  it('needs every branch of an $or served', () => {
    const filter = { $and: [{ applicantOpenid: 'o' }, { $or: [{ submittedAt: { $lt: 'x' } }, { submittedAt: 'x', _id: { $lt: 'f' } }] }] };
    expect(branchesOf(filter)).toHaveLength(2);
    const sort: [string, 1 | -1][] = [['submittedAt', -1], ['_id', -1]];
    expect(unservedQueries([query(filter, sort)])).toEqual([]);
    expect(unservedQueries([query(filter, sort)], without('filings', 'applicant'))).toHaveLength(1);
  });

  it('refuses what the real adapters send once the index they were declared with is gone', async () => {
    const db = createCloudbaseStandIn();
    const repo = cloudbaseFilingRepository(db);
    const queue = await queriesOf(() => repo.queue({ scopes: ['320500'], limit: 10 }));
    expect(queue.length).toBeGreaterThan(0);
    expect(unservedQueries(queue)).toEqual([]);
    // queue_city, and open_deadline (status, deadline: the policy recount's, which serves it less selectively).
    expect(unservedQueries(queue, without('filings', 'queue_city'))).toEqual([]);
    expect(unservedQueries(queue, without('filings', 'queue_city', 'open_deadline'))).not.toEqual([]);

    const store = cloudbaseNotificationStore(db, repo);
    const inbox = await queriesOf(() => store.inbox('o-1', undefined, 20));
    expect(unservedQueries(inbox)).toEqual([]);
    expect(unservedQueries(inbox, without('notification_inbox', 'recipient'))).not.toEqual([]);

    const directory = new CloudbaseInstitutionRepository(db);
    const nearby = await queriesOf(() => directory.search({ capabilities: [], origin: { latitude: 31.3, longitude: 120.6 }, sort: 'distance', limit: 5 }));
    expect(unservedQueries(nearby)).toEqual([]);
    expect(unservedQueries(nearby, without('institutions', 'by_location'))).not.toEqual([]);
  });

  it('refuses queries on a collection nothing declares', () => {
    expect(unservedQueries([{ collection: 'undeclared', kind: 'find', filter: { _id: 'x' }, sort: [] }])).toHaveLength(1);
  });
});
