/**
 * The two-digit province prefixes of GB/T 2260 (34 province-level divisions incl. 71/81/82).
 * Small enough to ship to the client, which needs it to check the first digits of an ID number;
 * the full division table stays on the server.
 */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * Residence permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018) carry these
 * whole six-digit address codes; 83 is not a province of GB/T 2260 but is a number people hold.
 */
export const RESIDENCE_PERMIT_PREFIXES: ReadonlySet<string> = new Set(['810000', '820000', '830000']);
