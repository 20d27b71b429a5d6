/**
 * Characters no resident types on purpose, judged without regex lookbehind or property escapes
 * (older mini-program JS engines have neither).
 */

/** C0 controls except tab, line feed and carriage return (a textarea gives those), DEL, C1. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Marks and overrides that reorder what a reviewer sees (Trojan-Source style spoofing). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** What renders as nothing: spaces, zero-width and other format characters, Hangul fillers. */
// eslint-disable-next-line no-misleading-character-class -- each code point is listed on purpose
const INVISIBLE = /^[\s\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\u3164\uFEFF\uFFA0]*$/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** A high surrogate not followed by a low one, or a low one alone: not text at all. */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

export function hasBidiControl(text: string): boolean {
  return BIDI.test(text);
}

/** Empty, or nothing but spaces and invisible characters. */
export function isInvisibleOnly(text: string): boolean {
  return INVISIBLE.test(text);
}

/** Control characters or broken UTF-16: refused in every string of every request. */
export function isUnreadable(text: string): boolean {
  return hasControlCharacter(text) || hasLoneSurrogate(text);
}
