import fc from 'fast-check';

/**
 * Malformed payloads: a valid event of the action, broken by one to three mutations — a field
 * set to a hostile value, a field removed, or a prototype-pollution key added at some level.
 */
const HUGE = ['x'.repeat(100_000), '张'.repeat(20_000), '\u202E'.repeat(5_000), '9'.repeat(1_000)];
const UNICODE_EDGES = [
  '', ' ', '\u3000', '\u202E320500', '\u200F', '\u202Eevil\u202C', '\u200B', '\uFEFF', '\uD800', '\uDC00abc', 'a\uD83D', 'a\u0000b',
  '\u0085', '１２３', '𠀀𠀁', '👨‍👩‍👧', 'Ｘ', 'é', '<script>alert(1)</script>', '{"$gt":""}', '../../etc/passwd', 'null', 'undefined', '%00', "' OR 1=1 --",
];
const BAD_DATES = [
  '2026-02-30', '2026-02-29', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-32', '20261201', '2026-1-1',
  '2026/12/01', '2026-12-01T00:00:00Z', '0000-00-00', '9999-99-99', '2026-12-01 ', '２０２６-１２-０１',
];
const BAD_ID_NUMBERS = ['110105194912310021', '1101051949123100', '000000000000000000', '11010519491331002X', '99010519491231002X', '11010519491231002Y', '１１０１０５１９４９１２３１００２Ｘ'];

const pollutedObjects = (): unknown[] => [
  JSON.parse('{"__proto__":{"polluted":true,"action":"get","role":"admin"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  JSON.parse('{"prototype":{"polluted":true}}'),
  { $gt: '' },
  { $where: 'sleep(1000)' },
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...UNICODE_EDGES),
  fc.constantFrom(...BAD_DATES),
  fc.constantFrom(...BAD_ID_NUMBERS),
  fc.constantFrom(...HUGE),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, -0, [], {}, [null], ['']) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.constantFrom(...pollutedObjects()) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export type Path = (string | number)[];

export function pathsOf(value: unknown, prefix: Path = []): { leaves: Path[]; objects: Path[] } {
  const leaves: Path[] = [];
  const objects: Path[] = [prefix];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      leaves.push(path);
      if (child && typeof child === 'object') {
        const deeper = pathsOf(child, path);
        leaves.push(...deeper.leaves);
        objects.push(...deeper.objects);
      }
    }
  }
  return { leaves, objects };
}

type Mutation =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'pollute'; path: Path; key: string; value: unknown };

function nodeAt(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node: unknown = root;
  for (const step of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined;
}

function own(target: object, key: string | number, value: unknown): void {
  // A copy: the generated constants are shared between samples and must never be mutated.
  const copy: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  // defineProperty: `__proto__` must become an own key (as JSON.parse makes it), not a prototype.
  Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
}

function apply(root: Record<string, unknown>, m: Mutation): void {
  if (m.kind === 'pollute') {
    const into = nodeAt(root, m.path);
    if (into) own(into, m.key, m.value);
    return;
  }
  const parent = nodeAt(root, m.path.slice(0, -1));
  const key = m.path[m.path.length - 1]!;
  if (!parent) return;
  if (m.kind === 'delete') delete parent[key];
  else own(parent, key, m.value);
}

/**
 * Events for `action` derived from `valid`, as the platform would deliver them (through JSON,
 * so lone surrogates and `__proto__` keys arrive exactly as a client could send them).
 */
export function malformedEvents(action: string, valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const { leaves, objects } = pathsOf(valid);
  const extraKeys = fc.constantFrom('openid', 'role', 'status', 'applicantOpenid', 'version', 'junk', '$where');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    ...(leaves.length > 0
      ? [
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...leaves), value: hostileValue }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...leaves) }) },
      ]
      : []),
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.tuple(extraKeys).map((k): Path => k), value: hostileValue }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('pollute' as const), path: fc.constantFrom(...objects), key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: hostileValue }),
    },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const event = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    for (const m of mutations) apply(event, m);
    return JSON.parse(JSON.stringify({ ...event, action })) as Record<string, unknown>;
  });
}
