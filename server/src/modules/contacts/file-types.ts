// Which attachments we accept, and whether the bytes are what the client says they are.
// A file that claims to be a PDF but is an executable must not reach an employee's desktop.

type FileType = { extensions: string[]; check: (data: Buffer) => boolean };

const startsWith = (data: Buffer, ...signature: number[]) =>
  data.length >= signature.length && signature.every((b, i) => data[i] === b);
const startsWithText = (data: Buffer, text: string) =>
  data.subarray(0, text.length).toString('latin1') === text;

const zip = (data: Buffer) => startsWith(data, 0x50, 0x4b, 0x03, 0x04);
// OpenDocument stores its mime type uncompressed as the zip's first entry, at byte 30.
const openDocument = (mime: string) => (data: Buffer) =>
  zip(data) && data.subarray(30, 38 + mime.length).toString('latin1') === `mimetype${mime}`;
// Office Open XML: a zip whose entry names (local headers and central directory) include the part folder.
const officeOpenXml = (folder: string) => (data: Buffer) =>
  zip(data) && data.includes('[Content_Types].xml') && data.includes(folder);
// Text has no control characters other than tab, line breaks, form feed and escape; binary formats
// nearly always do in their first kilobytes.
const text = (data: Buffer) =>
  !data.subarray(0, 64 * 1024).some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f);

export const allowedTypes: Record<string, FileType> = {
  'application/pdf': { extensions: ['pdf'], check: (d) => startsWithText(d, '%PDF-') },
  'image/png': {
    extensions: ['png'],
    check: (d) => startsWith(d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], check: (d) => startsWith(d, 0xff, 0xd8, 0xff) },
  'image/gif': {
    extensions: ['gif'],
    check: (d) => startsWithText(d, 'GIF87a') || startsWithText(d, 'GIF89a'),
  },
  'text/plain': { extensions: ['txt'], check: text },
  'text/csv': { extensions: ['csv'], check: text },
  'message/rfc822': { extensions: ['eml'], check: text },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['docx'],
    check: officeOpenXml('word/'),
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    extensions: ['xlsx'],
    check: officeOpenXml('xl/'),
  },
  'application/vnd.oasis.opendocument.text': {
    extensions: ['odt'],
    check: openDocument('application/vnd.oasis.opendocument.text'),
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    extensions: ['ods'],
    check: openDocument('application/vnd.oasis.opendocument.spreadsheet'),
  },
};

const generic = new Set(['application/octet-stream', 'binary/octet-stream', '']);

/**
 * The content type to store, or null when the file is not allowed or its bytes do not match.
 * Clients that send a generic type get one from the file name's extension.
 */
export function acceptedType(declared: string, filename: string, data: Buffer): string | null {
  let type = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  if (generic.has(type)) {
    const ext = filename.split('.').pop()?.toLowerCase() ?? '';
    type = Object.entries(allowedTypes).find(([, t]) => t.extensions.includes(ext))?.[0] ?? type;
  }
  const known = allowedTypes[type];
  return known?.check(data) ? type : null;
}

/** A file name safe to store and to send back in Content-Disposition. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and quotes would break the Content-Disposition header.
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f' && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'bijlage';
}

export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
