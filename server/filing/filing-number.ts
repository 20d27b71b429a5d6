import { randomInt } from 'node:crypto';
import { filingNumberOf } from '../../core/filing/filing-number';
import type { IsoDate } from '../../core/time/china-date';
import type { WriteOp } from '../store/document-store';
import { Collections } from './filing-records';

/** Claims a filing number: one document per number, created in the submit batch (no shared counter). */
export interface FilingNumberRecord {
  id: string;
  filingId: string;
}

/**
 * How many numbers a submit or change request draws before it gives up. A day has a million; a
 * draw collides with the share already taken (a busy national day of 100,000 filings: 10%), so
 * ten collisions in a row are a one-in-ten-billion event rather than a refusal a resident sees
 * every few thousand filings, as with three draws.
 */
export const FILING_NUMBER_DRAWS = 10;

/**
 * A random serial rather than a counter: no document every submit of the day contends for. A
 * collision fails the batch on this create, and the submit is tried again with a new number.
 */
export function claimFilingNumber(today: IsoDate, filingId: string): { filingNo: string; op: WriteOp } {
  const filingNo = filingNumberOf(today, randomInt(0, 1_000_000));
  const record: FilingNumberRecord = { id: filingNo, filingId };
  return { filingNo, op: { kind: 'create', collection: Collections.filingNumbers, doc: record } };
}
