import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/platform/clock.js';
import { attachmentDisposition } from '../../src/platform/storage/disposition.js';
import { DEFAULT_ALLOWED_FILE_TYPES, sanitiseFileName } from '../../src/platform/storage/file-types.js';
import { LocalStorage, newObjectKey } from '../../src/platform/storage/index.js';
import { downloadSigningKey } from '../../src/platform/storage/signed-url.js';
import { sniffUpload } from '../../src/platform/storage/sniff.js';
import { docx, PNG, pdf, zip } from '../orders/files-fixtures.js';

const allowed = DEFAULT_ALLOWED_FILE_TYPES;

describe('upload sniffing', () => {
  it('accepts content that matches its extension, typed by the content', async () => {
    expect(await sniffUpload('essay.pdf', pdf(), allowed)).toEqual({ ok: true, type: 'pdf', mime: 'application/pdf' });
    expect(await sniffUpload('Photo.JPEG', Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'), allowed)).toMatchObject({
      ok: true,
      type: 'jpg',
    });
    expect(await sniffUpload('chart.png', PNG, allowed)).toMatchObject({ ok: true, mime: 'image/png' });
    expect(await sniffUpload('brief.docx', docx(), allowed)).toMatchObject({ ok: true, type: 'docx' });
    expect(await sniffUpload('sources.zip', zip({ 'a.txt': 'a' }), allowed)).toMatchObject({ ok: true, type: 'zip' });
    expect(await sniffUpload('notes.txt', Buffer.from('\ufeffNotes: café, naïve — ok\r\n\tindented\n'), allowed)).toMatchObject({
      ok: true,
      mime: 'text/plain; charset=utf-8',
    });
  });

  it('refuses content that does not match its extension', async () => {
    expect(await sniffUpload('essay.pdf', PNG, allowed)).toMatchObject({
      ok: false,
      reason: 'mismatch',
      message: expect.stringContaining('looks like .png'),
    });
    expect(await sniffUpload('brief.docx', zip({ 'a.txt': 'a' }), allowed)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await sniffUpload('notes.txt', PNG, allowed)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await sniffUpload('notes.txt', Buffer.from([0x68, 0x69, 0xff, 0xfe]), allowed)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await sniffUpload('notes.txt', Buffer.from('binary\u0000inside'), allowed)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await sniffUpload('essay.pdf', Buffer.from('just text, no pdf'), allowed)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses unknown, unlisted and nameless types and empty files', async () => {
    expect(await sniffUpload('run.exe', Buffer.from('MZ'), allowed)).toMatchObject({
      ok: false,
      reason: 'unknown_type',
      message: expect.stringContaining('.exe'),
    });
    expect(await sniffUpload('README', Buffer.from('x'), allowed)).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(await sniffUpload('data.csv', Buffer.from('a,b\n1,2\n'), allowed)).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(await sniffUpload('data.csv', Buffer.from('a,b\n1,2\n'), [...allowed, 'csv'])).toMatchObject({ ok: true, type: 'csv' });
    expect(await sniffUpload('empty.pdf', Buffer.alloc(0), allowed)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('sanitises names: no folders, control or reserved characters, bounded length, extension kept', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\me\\My <Essay>?.pdf')).toBe('My Essay.pdf');
    expect(sanitiseFileName('a\u0000b\r\nc.txt')).toBe('abc.txt');
    expect(sanitiseFileName('...')).toBe('file.bin');
    expect(sanitiseFileName('Résumé final.docx')).toBe('Résumé final.docx');
    const long = sanitiseFileName(`${'x'.repeat(500)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('builds an attachment disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('Résumé "v2".pdf')).toBe(
      `attachment; filename="R_sum_ _v2_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22v2%22.pdf`,
    );
  });
});

describe('local storage', () => {
  let root: string;
  let store: LocalStorage;
  const key = () => newObjectKey(['websites', 1, 'orders', 2]);

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-storage-'));
    store = new LocalStorage(root, downloadSigningKey('a-secret-of-at-least-thirty-two-characters'), 300);
  });
  afterAll(() => {
    clock.reset();
    rmSync(root, { recursive: true, force: true });
  });

  it('stores, reads back, and removes objects, leaving no temporary files', async () => {
    const k = key();
    expect(k).toMatch(/^websites\/1\/orders\/2\/[0-9a-f-]{36}$/);
    await store.put(k, Buffer.from('hello bytes'));
    expect(await store.exists(k)).toBe(true);
    expect(await text(await store.open(k))).toBe('hello bytes');
    expect(readdirSync(path.join(root, 'websites', '1', 'orders', '2'))).toEqual([k.split('/').pop()]);
    await store.remove(k);
    expect(await store.exists(k)).toBe(false);
    await store.remove(k); // absent: not an error
    await expect(store.open(k)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses keys that could leave its folder', async () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', 'a b']) {
      await expect(store.put(bad, Buffer.from('x')), bad).rejects.toThrow(/Unsafe storage key/);
    }
    expect(() => newObjectKey(['..', 1])).toThrow();
  });

  it('signs download URLs that verify until they expire, and only unaltered and on their website', async () => {
    const k = key();
    const { url, expiresAt } = await store.signedDownloadUrl(k, { fileName: 'essay.pdf', contentType: 'application/pdf', websiteId: 1 });
    expect(url.startsWith('/api/v1/files/download?')).toBe(true);
    expect(expiresAt.getTime() - clock.now().getTime()).toBeGreaterThan(298_000);
    const query = Object.fromEntries(new URL(url, 'http://x').searchParams);
    expect(store.verifyDownload(query, clock.now(), 1)).toMatchObject({ key: k, fileName: 'essay.pdf', contentType: 'application/pdf' });

    const refused =
      (q: Record<string, unknown>, websiteId = 1, now = clock.now()) =>
      () =>
        store.verifyDownload(q, now, websiteId);
    expect(refused({ ...query, n: 'essay.html' })).toThrow(/not valid/);
    expect(refused({ ...query, t: 'text/html' })).toThrow(/not valid/);
    expect(refused({ ...query, k: key() })).toThrow(/not valid/);
    expect(refused({ ...query, e: String(Number(query.e) + 3600) })).toThrow(/not valid/);
    expect(refused({ ...query, s: `${query.s!.slice(0, -2)}AA` })).toThrow(/not valid/);
    expect(refused({ ...query, s: undefined })).toThrow(/incomplete/);
    expect(refused({ ...query, k: [k] })).toThrow(/incomplete/);
    expect(refused(query, 2)).toThrow(/not valid here/);
    expect(refused(query, 1, new Date(expiresAt.getTime()))).toThrow(/expired/);
    // Another secret never verifies this signature.
    const other = new LocalStorage(root, downloadSigningKey('another-secret-of-at-least-thirty-two-chars'), 300);
    expect(() => other.verifyDownload(query, clock.now(), 1)).toThrow(/not valid/);
  });
});
