/**
 * What a proof material may be: photos as `wx.chooseMedia` gives them (JPEG, PNG, and HEIC or
 * WebP on some phones) and PDF. The server judges a file by its leading bytes, never by the type
 * a client declares; the extension only names the cloud path the phone uploads to.
 */
export const MATERIAL_KINDS = ['jpeg', 'png', 'heic', 'webp', 'pdf'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export const MATERIAL_EXTENSIONS = ['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'pdf'] as const;
export type MaterialExtension = (typeof MATERIAL_EXTENSIONS)[number];

export const MATERIAL_CONTENT_TYPES: Record<MaterialKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** The extension a stored file of this kind is served with. */
export const MATERIAL_FILE_EXTENSION: Record<MaterialKind, string> = { jpeg: 'jpg', png: 'png', heic: 'heic', webp: 'webp', pdf: 'pdf' };

/** The largest material the storage accepts (5 MB: a compressed phone photo is far smaller). */
export const MAX_MATERIAL_BYTES = 5 * 1024 * 1024;
