/**
 * Materials as phones and scanners produce them, reduced to the leading bytes that make them what
 * they are (the storage judges a file by those, never by its declared type), plus a note so that
 * each file is distinct.
 */
const tail = (note: string) => Buffer.from(` ${note}`, 'utf8');

export function jpegBytes(note = 'photo'): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), tail(note), Buffer.from([0xff, 0xd9])]);
}

export function pngBytes(note = 'scan'): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), tail(note)]);
}

export function pdfBytes(note = 'document'): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n', 'ascii'), tail(note), Buffer.from('\n%%EOF\n', 'ascii')]);
}

export function heicBytes(note = 'iphone'): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x18]), Buffer.from('ftypheic', 'ascii'), Buffer.alloc(12), tail(note)]);
}

export function webpBytes(note = 'android'): Buffer {
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), Buffer.from([0x24, 0x00, 0x00, 0x00]), Buffer.from('WEBPVP8 ', 'ascii'), tail(note)]);
}

/** Files that are not materials, whatever they are declared as. */
export const NOT_MATERIALS: Record<string, Buffer> = {
  html: Buffer.from('<!doctype html><script>alert(document.domain)</script>', 'utf8'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'utf8'),
  script: Buffer.from('alert(1)', 'utf8'),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
  gifPolyglot: Buffer.from('GIF89a/*<script>alert(1)</script>*/', 'utf8'),
  exe: Buffer.from([0x4d, 0x5a, 0x90, 0x00]),
  text: Buffer.from('proof of residence', 'utf8'),
  bomHtml: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<html>', 'utf8')]),
};
