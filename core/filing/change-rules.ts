/**
 * What a change request may change, and which changes the long-term lock holds back. A new phone
 * number or address is how the agency reaches the resident: never locked (DOMAIN §3 limits
 * changes of the filing itself, not of its contact details).
 */
export const CONTACT_CHANGE_FIELDS = ['phone', 'residenceAddress'] as const;

export function isContactChange(changes: Readonly<Record<string, unknown>>): boolean {
  const changed = Object.keys(changes).filter((key) => changes[key] !== undefined);
  return changed.length > 0 && changed.every((key) => (CONTACT_CHANGE_FIELDS as readonly string[]).includes(key));
}
