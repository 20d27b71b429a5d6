import { isUnreadable } from './characters';

/**
 * Bounds on the shape of anything a client sends, checked iteratively (a recursive walk, or
 * JSON.stringify, would overflow the stack on 100,000 levels of nesting) before any schema or
 * service touches the value.
 */
export interface ShapeLimits {
  /** Levels of objects/arrays below the value itself. */
  maxDepth: number;
  /** Objects, arrays and primitives in all. */
  maxNodes: number;
  /** Characters of all keys and strings together. */
  maxChars: number;
}

export type ShapeProblem =
  | { kind: 'depth' | 'nodes' | 'chars'; path: string }
  | { kind: 'unreadable'; path: string };

const MAX_PATH_STEPS = 8;

function pathOf(steps: readonly (string | number)[]): string {
  return steps.slice(0, MAX_PATH_STEPS).map(String).join('.') || '_';
}

/** The first way `value` breaks the limits (with where), or undefined when it keeps them. */
export function shapeProblem(value: unknown, limits: ShapeLimits): ShapeProblem | undefined {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [{ value, depth: 0, path: [] }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { value: node, depth, path } = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return { kind: 'nodes', path: pathOf(path) };
    if (typeof node === 'string') {
      chars += node.length;
      if (chars > limits.maxChars) return { kind: 'chars', path: pathOf(path) };
      if (isUnreadable(node)) return { kind: 'unreadable', path: pathOf(path) };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limits.maxDepth) return { kind: 'depth', path: pathOf(path) };
    const size = Array.isArray(node) ? node.length : Object.keys(node).length;
    if (nodes + stack.length + size > limits.maxNodes) return { kind: 'nodes', path: pathOf(path) };
    const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof key === 'string') {
        chars += key.length;
        if (chars > limits.maxChars) return { kind: 'chars', path: pathOf(path) };
        if (isUnreadable(key)) return { kind: 'unreadable', path: pathOf([...path, key]) };
      }
      // Paths are only built as deep as they are reported.
      stack.push({ value: child, depth: depth + 1, path: path.length < MAX_PATH_STEPS ? [...path, key] : path });
    }
  }
  return undefined;
}

export const SHAPE_MESSAGES: Record<ShapeProblem['kind'], string> = {
  depth: '内容层级过多',
  nodes: '内容项目过多',
  chars: '内容过长',
  unreadable: '不能包含控制字符或无法识别的字符',
};
