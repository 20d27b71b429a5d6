import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { installMaterialFiles } from '../../server/storage/material-storage';
import { cloudbaseMaterialFiles } from '../../server/storage/cloudbase-material-files';
import { Collections, type FileRecord } from '../../server/filing/filing-records';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { heicBytes, jpegBytes, NOT_MATERIALS, pdfBytes, pngBytes, webpBytes } from '../support/material-bytes';
import { createCloudbaseStorageStandIn } from '../support/cloudbase-storage-stand-in';
import { makeResidentId } from '../support/resident-ids';

/**
 * Classes 3, 4 and the absent file of class 6 (issue 11): what a material may be, what may be
 * registered, how the local storage serves it, and who may read DATA_DIR.
 */
let h: Harness;
let server: http.Server;
let base: string;
beforeEach(async () => {
  h = await startHarness('sqlite');
  server = createLocalApp(h.runtime).server;
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  h.cleanup();
});

const RESIDENT = 'demo-resident-1';

async function upload(bytes: Buffer, declared: string, name = '居住证明.jpg', openid = RESIDENT) {
  const res = await fetch(`${base}/storage/upload`, { method: 'POST', body: bytes, headers: { 'content-type': declared, 'x-file-name': encodeURIComponent(name), 'x-wx-openid': openid } });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: { fileId: string }; error?: { code: string } } };
}

async function read(fileId: string, openid = RESIDENT) {
  const res = await fetch(`${base}/storage/file?fileId=${encodeURIComponent(fileId)}`, { headers: { 'x-wx-openid': openid } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('what a material may be (class 3)', () => {
  it('refuses anything that is not an image or a PDF by its leading bytes, whatever it is declared as', async () => {
    for (const [kind, bytes] of Object.entries(NOT_MATERIALS)) {
      for (const declared of ['image/jpeg', 'application/pdf', 'text/html']) {
        const answer = await upload(bytes, declared, `${kind}.jpg`);
        expect([kind, answer.status, answer.body.error?.code]).toEqual([kind, 415, 'STORAGE.TYPE_NOT_ALLOWED']);
      }
    }
    expect(await h.ctx.repo.count(Collections.files)).toBe(0);
    expect(fs.existsSync(path.join(h.dataDir, 'files')) ? fs.readdirSync(path.join(h.dataDir, 'files')) : []).toEqual([]);
  });

  it('serves a material as what it really is, never sniffed, never rendered as a page, under a safe name', async () => {
    const cases: [Buffer, string, string][] = [[jpegBytes(), 'image/jpeg', 'jpg'], [pngBytes(), 'image/png', 'png'], [pdfBytes(), 'application/pdf', 'pdf'], [heicBytes(), 'image/heic', 'heic'], [webpBytes(), 'image/webp', 'webp']];
    for (const [bytes, type, ext] of cases) {
      const ok = await upload(bytes, 'text/html', '证明"; filename=evil.html\r\nx: y.html');
      expect(ok.status).toBe(200);
      const got = await read(ok.body.data!.fileId);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get('content-type')).toBe(type);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toContain('sandbox');
      // The name the resident gave, percent-encoded (no header injection), with the extension of what the file is.
      expect(got.headers.get('content-disposition')).toBe(`attachment; filename="material.${ext}"; filename*=UTF-8''${encodeURIComponent(`证明"; filename=evil.html\r\nx: y.${ext}`)}`);
      expect(got.headers.get('x')).toBeNull();
    }
  });

  it('never serves a file stored before types were checked as what it claims to be', async () => {
    const fileId = 'cloud://local/11111111-2222-4333-8444-555555555555';
    fs.mkdirSync(path.join(h.dataDir, 'files'), { recursive: true });
    fs.writeFileSync(path.join(h.dataDir, 'files', '11111111-2222-4333-8444-555555555555'), NOT_MATERIALS.html!);
    const legacy: FileRecord = { id: fileId, version: 1, uploaderOpenid: RESIDENT, name: 'x.html', contentType: 'text/html', size: 10, filingIds: [], createdAt: '2026-01-01T00:00:00.000+08:00' };
    await h.ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: legacy }]);
    const got = await read(fileId);
    expect(got.status).toBe(415);
    expect(got.headers.get('content-type')).toContain('application/json');
  });

  it('keeps the bytes sealed at rest and DATA_DIR readable by its owner only', async () => {
    const id = makeResidentId('320505', '19620304', 777);
    const up = await upload(pdfBytes(`居住证明 身份证号 ${id}`), 'application/pdf', '居住证明.pdf');
    expectOk(await h.call('filing', RESIDENT, { action: 'submit', idempotencyKey: 'm-1', filing: exampleFiling({ proof: { kind: 'documents', fileIds: [up.body.data!.fileId] } }) }));
    await fetch(`${base}/dev/sent`);
    const stored = fs.readdirSync(path.join(h.dataDir, 'files')).map((f) => fs.readFileSync(path.join(h.dataDir, 'files', f)).toString('latin1'));
    expect(stored.join('')).not.toContain(id);
    expect(stored.join('')).not.toContain('%PDF');
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [path.join(dir, e.name), ...walk(path.join(dir, e.name))] : [path.join(dir, e.name)]));
    const entries = [h.dataDir, ...walk(h.dataDir)];
    expect(entries.some((e) => e.endsWith('-wal'))).toBe(true);
    expect(entries.some((e) => e.endsWith('pii.key'))).toBe(true);
    for (const entry of entries) {
      const mode = fs.statSync(entry).mode & 0o777;
      expect([path.relative(h.dataDir, entry), mode.toString(8)]).toEqual([path.relative(h.dataDir, entry), fs.statSync(entry).isDirectory() ? '700' : '600']);
    }
  });
});

describe('what may be registered (class 4) and an absent file (class 6)', () => {
  it('registers only a file that exists and that the caller uploaded; everything else is a coded refusal writing nothing', async () => {
    const mine = (await upload(jpegBytes(), 'image/jpeg')).body.data!.fileId;
    const theirs = (await upload(jpegBytes('theirs'), 'image/jpeg', 'x.jpg', 'demo-resident-2')).body.data!.fileId;
    const before = await h.ctx.repo.count(Collections.files);
    const refusals: [string, string][] = [
      ['../../filings.sqlite', 'STORAGE.FILE_NOT_FOUND'],
      ['/etc/passwd', 'STORAGE.FILE_NOT_FOUND'],
      ['files/pii.key', 'STORAGE.FILE_NOT_FOUND'],
      ['cloud://other-env.7072-other-env-1300000000/materials/a.jpg', 'STORAGE.FILE_NOT_FOUND'],
      ['cloud://local/00000000-0000-0000-0000-000000000000', 'STORAGE.FILE_NOT_FOUND'],
      [`${mine}x`, 'STORAGE.FILE_NOT_FOUND'],
      [theirs, 'FILING.MATERIAL_NOT_YOURS'],
    ];
    for (const [fileId, code] of refusals) expectCode(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId }), code);
    expect(await h.ctx.repo.count(Collections.files)).toBe(before);
    expectOk(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId: mine, name: '居住证明' }));
  });

  it('answers a registered file whose bytes are gone with a coded refusal, never SYSTEM.INTERNAL', async () => {
    const fileId = (await upload(jpegBytes(), 'image/jpeg')).body.data!.fileId;
    const filed = expectOk(await h.call<{ id: string }>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'm-2', filing: exampleFiling({ proof: { kind: 'documents', fileIds: [fileId] } }) }));
    const link = expectOk(await h.call<{ url: string }>('review', 'demo-staff-suzhou', { action: 'materialLink', id: filed.id, fileId }));
    fs.rmSync(path.join(h.dataDir, 'files', fileId.slice('cloud://local/'.length)));
    // The reviewer's signed link (review.materialLink) answers the same coded refusal.
    const linked = await fetch(base + link.url);
    expect(linked.status).toBe(404);
    expect(await linked.json()).toMatchObject({ ok: false, error: { code: 'STORAGE.FILE_NOT_FOUND' } });
    for (const openid of [RESIDENT, 'demo-staff-suzhou']) {
      const got = await read(fileId, openid);
      expect(got.status).toBe(404);
      expect(JSON.parse(got.bytes.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'STORAGE.FILE_NOT_FOUND' } });
    }
    expectCode(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId }), 'STORAGE.FILE_NOT_FOUND');
    expect(h.logs.some((l) => l.includes('"event":"storage.missing"'))).toBe(true);
    expect(h.logs.some((l) => l.includes('request.failed') || l.includes('http.failed'))).toBe(false);
  });

  it('hands out upload paths only to an identified resident and only for material extensions', async () => {
    expectCode(await h.call('filing', undefined, { action: 'materialUploadPath', extension: 'jpg' }), 'AUTH.NO_IDENTITY');
    for (const extension of ['html', 'svg', 'js', 'JPG', '../x']) expectCode(await h.call('filing', RESIDENT, { action: 'materialUploadPath', extension }), 'REQUEST.INVALID');
    const a = expectOk(await h.call<{ cloudPath: string }>('filing', RESIDENT, { action: 'materialUploadPath', extension: 'png' }));
    const b = expectOk(await h.call<{ cloudPath: string }>('filing', 'demo-resident-2', { action: 'materialUploadPath', extension: 'png' }));
    expect(a.cloudPath).toMatch(/^materials\/[\w-]{22}\/[a-z]{20}\.png$/);
    expect(a.cloudPath.split('/')[1]).not.toBe(b.cloudPath.split('/')[1]);
    expect(a.cloudPath).not.toContain(RESIDENT);
  });
});

describe('the CloudBase storage adapter at its boundary (class 4, production)', () => {
  it('registers the caller’s own existing image by its cloud path and storage metadata, reading only the first bytes', async () => {
    const storage = createCloudbaseStorageStandIn('prod-1a2b');
    installMaterialFiles(h.runtime, cloudbaseMaterialFiles(storage.api, 'prod-1a2b', storage.fetch));
    const pathFor = async (openid: string, extension = 'jpg') => expectOk(await h.call<{ cloudPath: string }>('filing', openid, { action: 'materialUploadPath', extension })).cloudPath;
    const photo = storage.put(await pathFor(RESIDENT), Buffer.concat([jpegBytes(), Buffer.alloc(3 * 1024 * 1024)]));
    const html = storage.put(await pathFor(RESIDENT, 'pdf'), NOT_MATERIALS.html!);
    const huge = storage.put(await pathFor(RESIDENT), Buffer.concat([jpegBytes(), Buffer.alloc(6 * 1024 * 1024)]));
    const theirs = storage.put(await pathFor('demo-resident-2'), jpegBytes());
    const gone = storage.put(await pathFor(RESIDENT), jpegBytes());
    storage.remove(gone);
    const untagged = storage.put('materials/x.jpg', jpegBytes());
    const otherEnv = createCloudbaseStorageStandIn('other-env').put(await pathFor(RESIDENT), jpegBytes());

    expectOk(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId: photo, name: '居住证' }));
    const expected: [string, string][] = [
      [html, 'STORAGE.TYPE_NOT_ALLOWED'], [huge, 'STORAGE.FILE_TOO_LARGE'], [theirs, 'FILING.MATERIAL_NOT_YOURS'], [gone, 'STORAGE.FILE_NOT_FOUND'],
      [untagged, 'STORAGE.FILE_NOT_FOUND'], [otherEnv, 'STORAGE.FILE_NOT_FOUND'], ['cloud://prod-1a2b.bucket/../../etc/passwd', 'STORAGE.FILE_NOT_FOUND'],
    ];
    for (const [fileId, code] of expected) expectCode(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId }), code);
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'registerMaterial', fileId: photo }), 'FILING.MATERIAL_NOT_YOURS');
    const record = await h.ctx.repo.get<FileRecord>(Collections.files, photo);
    expect(record).toMatchObject({ uploaderOpenid: RESIDENT, contentType: 'image/jpeg', size: 3 * 1024 * 1024 + jpegBytes().length });
    // Judged from a ranged read, never a download of the whole file.
    expect(new Set(storage.calls.ranges)).toEqual(new Set(['bytes=0-63']));
    // Foreign environments and other people's paths are refused before storage is even asked.
    expect(storage.calls.getTempFileURL.flat()).not.toContain(theirs);
    expect(storage.calls.getTempFileURL.flat()).not.toContain(otherEnv);
    expect(expectOk(await h.call<{ status: string }>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'm-3', filing: exampleFiling({ proof: { kind: 'documents', fileIds: [photo] } }) })).status).toBe('submitted');
  });
});
