import type { MaterialKind } from '../../core/filing/material-kinds';

/** Bytes a sniff needs: the longest signature below ends at byte 12. */
export const SNIFF_BYTES = 64;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/**
 * What a material really is, from its leading bytes (never from the type the client declared):
 * JPEG (FF D8 FF), PNG (its 8-byte signature), HEIC/HEIF (an ISO-BMFF `ftyp` box with an image
 * brand), WebP (RIFF…WEBP) or PDF (%PDF-). Anything else — HTML, SVG, scripts, archives — is
 * undefined and refused.
 */
export function sniffMaterial(head: Uint8Array): MaterialKind | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b)) return 'png';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) return 'heic';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (head.length >= 5 && ascii(head, 0, 5) === '%PDF-') return 'pdf';
  return undefined;
}
