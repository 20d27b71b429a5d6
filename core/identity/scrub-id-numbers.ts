import { maskResidentId } from './mask';

/**
 * Anything shaped like an ID number inside free text: a run of 15 or more digits (the old
 * 15-digit form, the 18-character one, two glued together…) with an optional trailing X,
 * wherever it sits — between letters, Chinese characters or other digits. Full-width digits
 * count too: a clerk reads them as the same number.
 */
const ID_NUMBER_RUN = /[0-9\uFF10-\uFF19]{15,}[Xx\uFF38\uFF58]?/g;

/**
 * Masks every ID-number-shaped run the way lists show an ID number (320505********1000), so a
 * number typed into a reason, an address or a file name is stored, logged and shown masked.
 * The length is kept, so a length check made before scrubbing still holds after it.
 */
export function scrubIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_RUN, (run) => maskResidentId(run.toUpperCase()));
}

/** Whether the text holds an ID-number-shaped run (identifiers must not: they are stored as they are). */
export function holdsIdNumber(text: string): boolean {
  ID_NUMBER_RUN.lastIndex = 0;
  const found = ID_NUMBER_RUN.test(text);
  ID_NUMBER_RUN.lastIndex = 0;
  return found;
}
