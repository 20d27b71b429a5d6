/**
 * Masks an ID number for display and logs: keep the region (6) and the last 4, hide the birth
 * date and sequence, as the national platform does (110105********002X).
 */
export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 138****8000: enough for the owner to recognise, useless to anyone else. */
export function maskPhone(phone: string): string {
  if (phone.length !== 11) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 张*三 / 李*: the surname and, for longer names, the last character. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
