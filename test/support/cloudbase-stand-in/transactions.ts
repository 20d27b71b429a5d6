import { randomBytes } from 'node:crypto';
import { EJSON } from 'bson';

/**
 * CloudBase transactions for the stand-in, with the limits of the real service: inside a
 * transaction only single-document operations addressed by `_id` (no queries, no batch
 * writes); writes are staged and applied atomically at commit; a document changed by someone
 * else since the transaction first touched it fails the commit with
 * DATABASE_TRANSACTION_CONFLICT (which `runTransaction` retries), as snapshot isolation does.
 */
type Doc = Record<string, unknown>;

interface Staged {
  collection: string;
  id: string;
  /** The live document as the transaction first saw it (JSON), for conflict detection. */
  seen: string | null;
  /** What the transaction will leave: a document, or null for removed. */
  next: Doc | null;
}

interface TransactionState {
  staged: Map<string, Staged>;
}

interface TxParams {
  transactionId?: string;
  collectionName?: string;
  query?: string;
  data?: string | string[];
  queryType?: string;
  multi?: boolean;
  merge?: boolean;
}

export class StandInTransactions {
  private readonly open = new Map<string, TransactionState>();

  constructor(private readonly docs: (collection: string) => Doc[]) {}

  handles(api: string, params: TxParams | undefined): boolean {
    return api.endsWith('Transaction') || Boolean(params?.transactionId);
  }

  send(api: string, params: TxParams | undefined): unknown {
    const requestId = `stand-in-tx-${randomBytes(4).toString('hex')}`;
    if (api === 'database.startTransaction') {
      const transactionId = randomBytes(8).toString('hex');
      this.open.set(transactionId, { staged: new Map() });
      return { requestId, transactionId };
    }
    const tx = params?.transactionId ? this.open.get(params.transactionId) : undefined;
    if (!tx || !params?.transactionId) return { code: 'DATABASE_TRANSACTION_FAIL', message: 'no such transaction', requestId };
    if (api === 'database.abortTransaction') {
      this.open.delete(params.transactionId);
      return { requestId };
    }
    if (api === 'database.commitTransaction') return this.commit(params.transactionId, tx, requestId);
    return this.operate(api, params, tx, requestId);
  }

  private live(collection: string, id: string): Doc | undefined {
    return this.docs(collection).find((d) => d._id === id);
  }

  private touch(tx: TransactionState, collection: string, id: string): Staged {
    const key = `${collection}\u0000${id}`;
    let staged = tx.staged.get(key);
    if (!staged) {
      const doc = this.live(collection, id);
      staged = { collection, id, seen: doc ? JSON.stringify(doc) : null, next: doc ? structuredClone(doc) : null };
      tx.staged.set(key, staged);
    }
    return staged;
  }

  private operate(api: string, params: TxParams, tx: TransactionState, requestId: string): unknown {
    const collection = params.collectionName ?? '';
    if (api === 'database.insertDocument') {
      const docs = (params.data as string[]).map((d) => EJSON.parse(d, { relaxed: true }) as Doc);
      if (docs.length !== 1 || typeof docs[0]!._id !== 'string') {
        throw new Error('stand-in: a transaction inserts one document with its _id');
      }
      const staged = this.touch(tx, collection, docs[0]!._id as string);
      if (staged.next) return { code: 'DATABASE_DUPLICATE_WRITE', message: 'duplicate _id', requestId };
      staged.next = docs[0]!;
      return { requestId, data: { insertedIds: [staged.id] } };
    }
    const query = params.query ? (EJSON.parse(params.query, { relaxed: true }) as Doc) : {};
    const keys = Object.keys(query);
    if (params.queryType !== 'DOC' || keys.length !== 1 || typeof query._id !== 'string' || params.multi) {
      // The real service refuses these too: transactions are single-document, by ID.
      throw new Error('stand-in: transactions allow only single-document operations addressed by _id');
    }
    const staged = this.touch(tx, collection, query._id);
    switch (api) {
      case 'database.getDocument':
        return { requestId, data: { list: staged.next ? [EJSON.stringify(staged.next, { relaxed: true })] : [] } };
      case 'database.modifyDocument': {
        const data = EJSON.parse(params.data as string, { relaxed: true }) as Doc;
        if (params.merge) {
          if (!staged.next) return { requestId, data: { updated: 0 } };
          staged.next = { ...staged.next, ...data };
          return { requestId, data: { updated: 1 } };
        }
        const existed = staged.next !== null;
        staged.next = { ...data, _id: staged.id };
        return { requestId, data: existed ? { updated: 1 } : { updated: 0, upsert_id: staged.id } };
      }
      case 'database.removeDocument': {
        const existed = staged.next !== null;
        staged.next = null;
        return { requestId, data: { deleted: existed ? 1 : 0 } };
      }
      default:
        throw new Error(`stand-in: ${api} is not allowed in a transaction`);
    }
  }

  private commit(id: string, tx: TransactionState, requestId: string): unknown {
    this.open.delete(id);
    for (const staged of tx.staged.values()) {
      const now = this.live(staged.collection, staged.id);
      if ((now ? JSON.stringify(now) : null) !== staged.seen) {
        return { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'transaction conflict', requestId };
      }
    }
    // All checks passed: apply every staged write in one synchronous step (atomic here).
    for (const staged of tx.staged.values()) {
      const docs = this.docs(staged.collection);
      const index = docs.findIndex((d) => d._id === staged.id);
      if (staged.next === null) {
        if (index >= 0) docs.splice(index, 1);
      } else if (index >= 0) docs[index] = staged.next;
      else docs.push(staged.next);
    }
    return { requestId };
  }
}
