import { pinyin } from 'pinyin-pro';

/**
 * Lower-case pinyin syllables of a name, computed once at import (server only: pinyin-pro's
 * dictionary is far too large for the mini-program). Digits and Latin letters are dropped.
 */
export function syllablesOf(name: string): string[] {
  const parts = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  return parts.map((p) => p.toLowerCase().replace(/[^a-z]/g, '')).filter((p) => p !== '');
}
