import { fileTypeFromBuffer } from 'file-type';
import { extensionOf, FILE_TYPES, isPlainText, typeOfExtension, type FileTypeKey, type FileTypeSpec } from './file-types.js';

export type SniffResult =
  | { ok: true; type: FileTypeKey; mime: string }
  | { ok: false; reason: 'unknown_type' | 'not_allowed' | 'mismatch' | 'empty'; message: string };

/**
 * Decides what an upload is: the extension of its name says what it claims to be, its bytes must
 * agree. The client's Content-Type is never consulted.
 */
export async function sniffUpload(name: string, bytes: Uint8Array, allowed: readonly string[]): Promise<SniffResult> {
  const extension = extensionOf(name);
  const claimed = typeOfExtension(extension);
  const allowedList = allowed.map((t) => `.${t}`).join(', ');
  if (!claimed) {
    const what = extension ? `.${extension} files are` : 'Files without an extension are';
    return { ok: false, reason: 'unknown_type', message: `${what} not accepted; allowed: ${allowedList}` };
  }
  if (!allowed.includes(claimed))
    return { ok: false, reason: 'not_allowed', message: `.${extension} files are not accepted here; allowed: ${allowedList}` };
  if (bytes.length === 0) return { ok: false, reason: 'empty', message: 'The file is empty' };
  const spec: FileTypeSpec = FILE_TYPES[claimed];
  const detected = await fileTypeFromBuffer(bytes);
  const matches = spec.text ? !detected && isPlainText(bytes) : Boolean(detected && spec.sniffed?.includes(detected.ext));
  if (!matches) {
    const found = detected ? `looks like .${detected.ext}` : spec.text ? 'is not plain UTF-8 text' : 'is not recognisable';
    return { ok: false, reason: 'mismatch', message: `The content does not match the .${extension} extension (it ${found})` };
  }
  return { ok: true, type: claimed, mime: spec.mime };
}
