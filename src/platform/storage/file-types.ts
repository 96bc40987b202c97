/**
 * The file types an upload may be, by key (what website settings list): a pure catalogue that
 * website settings import; the content check itself is in sniff.ts. A type is recognised by
 * its extension and confirmed by its content: `sniffed` are the file-type results its bytes may
 * give (legacy Office files are all OLE2 compound files, "cfb"); `text` types have no magic number
 * and are accepted only when their bytes are valid UTF-8 text.
 */
export interface FileTypeSpec {
  extensions: readonly string[];
  mime: string;
  sniffed?: readonly string[];
  text?: true;
}

export const FILE_TYPES = {
  pdf: { extensions: ['pdf'], mime: 'application/pdf', sniffed: ['pdf'] },
  doc: { extensions: ['doc'], mime: 'application/msword', sniffed: ['cfb'] },
  docx: { extensions: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sniffed: ['docx'] },
  xls: { extensions: ['xls'], mime: 'application/vnd.ms-excel', sniffed: ['cfb'] },
  xlsx: { extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sniffed: ['xlsx'] },
  ppt: { extensions: ['ppt'], mime: 'application/vnd.ms-powerpoint', sniffed: ['cfb'] },
  pptx: { extensions: ['pptx'], mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', sniffed: ['pptx'] },
  odt: { extensions: ['odt'], mime: 'application/vnd.oasis.opendocument.text', sniffed: ['odt'] },
  rtf: { extensions: ['rtf'], mime: 'application/rtf', sniffed: ['rtf'] },
  txt: { extensions: ['txt', 'text', 'md'], mime: 'text/plain; charset=utf-8', text: true },
  csv: { extensions: ['csv'], mime: 'text/csv; charset=utf-8', text: true },
  png: { extensions: ['png'], mime: 'image/png', sniffed: ['png'] },
  jpg: { extensions: ['jpg', 'jpeg'], mime: 'image/jpeg', sniffed: ['jpg'] },
  gif: { extensions: ['gif'], mime: 'image/gif', sniffed: ['gif'] },
  zip: { extensions: ['zip'], mime: 'application/zip', sniffed: ['zip'] },
} as const satisfies Record<string, FileTypeSpec>;

export type FileTypeKey = keyof typeof FILE_TYPES;
export const FILE_TYPE_KEYS = Object.keys(FILE_TYPES) as [FileTypeKey, ...FileTypeKey[]];

/** What a website accepts unless its settings say otherwise (issue 3). */
export const DEFAULT_ALLOWED_FILE_TYPES: readonly FileTypeKey[] = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'txt',
  'rtf',
  'odt',
  'png',
  'jpg',
  'zip',
];

/** 20 MB: a website's upload limit unless its settings say otherwise. */
export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** The lower-cased extension of a file name, without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? match[1]!.toLowerCase() : '';
}

/** The type an extension claims, if any type knows it. */
export function typeOfExtension(extension: string): FileTypeKey | undefined {
  return FILE_TYPE_KEYS.find((key) => (FILE_TYPES[key].extensions as readonly string[]).includes(extension));
}

/** Valid UTF-8 (BOM allowed) with no control characters other than tab, new lines and form feed. */
export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

/**
 * A file name safe to store and to send back in Content-Disposition: no folders, no control or
 * reserved characters, at most 200 characters with the extension kept.
 */
export function sanitiseFileName(raw: string, fallbackExtension = 'bin'): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!name) name = `file.${fallbackExtension}`;
  const chars = [...name];
  if (chars.length > 200) {
    const ext = extensionOf(name);
    const keep = ext ? 200 - ext.length - 1 : 200;
    name = chars.slice(0, keep).join('').trimEnd() + (ext ? `.${ext}` : '');
  }
  return name;
}
