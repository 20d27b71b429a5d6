import fc from 'fast-check';
import { shapeProblem } from '../../core/validation/input-shape';
import { FilingActions } from '../../core/api/filing-api';

const LIMITS = { maxDepth: 24, maxNodes: 20_000, maxChars: 2_000_000 };

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('input shape bounds', () => {
  it('finds 100,000 levels of nesting without recursion (JSON.stringify would overflow the stack)', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(shapeProblem(deep, LIMITS)?.kind).toBe('depth');
  });

  it('bounds nodes and characters, and finds control characters and broken UTF-16 in keys and values', () => {
    expect(shapeProblem(Array.from({ length: 50_000 }, () => 0), LIMITS)?.kind).toBe('nodes');
    expect(shapeProblem({ a: 'x'.repeat(2_000_001) }, LIMITS)?.kind).toBe('chars');
    expect(shapeProblem({ keyword: 'a\u0000b' }, LIMITS)).toEqual({ kind: 'unreadable', path: 'keyword' });
    expect(shapeProblem({ 'a\u0007': 1 }, LIMITS)?.kind).toBe('unreadable');
    expect(shapeProblem({ a: ['ok', '\uD800'] }, LIMITS)).toEqual({ kind: 'unreadable', path: 'a.1' });
    expect(shapeProblem({ a: '第一行\n第二行\t👨‍👩‍👧' }, LIMITS)).toBeUndefined();
  });

  it('accepts everything within bounds', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 10 }).filter((v) => !JSON.stringify(v).match(/\\u00[01][0-9a-f]|\\u007f|\\ud[89a-f]/i)), (v) => shapeProblem(v, LIMITS) === undefined || shapeProblem(v, LIMITS)?.kind === 'unreadable'));
  });

  it('bounds the free-form draft in depth and size before anything serialises it', () => {
    const deep = FilingActions.saveDraft.safeParse({ draft: { form: nested(100_000) } });
    expect(deep.success).toBe(false);
    expect(deep.error?.issues[0]?.message).toBe('草稿内容层级过多');
    expect(FilingActions.saveDraft.safeParse({ draft: { type: 'referral', form: { name: '张三', materials: [{ fileId: 'a', name: '材料1' }] } } }).success).toBe(true);
    expect(FilingActions.saveDraft.safeParse({ draft: { memo: 'x'.repeat(16_001) } }).success).toBe(false);
  });
});
