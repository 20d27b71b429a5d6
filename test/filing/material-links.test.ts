import type http from 'node:http';
import type { FilingSummary } from '../../core/api/filing-api';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { materialStorage } from '../../server/storage/material-storage';
import { EXAMPLE_FILING, exampleFiling } from '../support/example-filing';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { bindAs } from '../support/identity-helpers';

/**
 * Materials are readable in storage by their uploader only (cloudbase/storage-rules.json), so a
 * reviewer sees them through `review.materialLink`: a short-lived link for a material of a
 * filing the reviewer covers, which the local storage route (like CloudBase's temporary URLs)
 * serves to whoever holds it until it expires.
 */
const RESIDENT = 'o-link-resident';
let h: Harness;
let server: http.Server;
let base: string;

beforeEach(async () => {
  h = await startHarness();
  await bindAs(h.runtime, RESIDENT, EXAMPLE_FILING.applicant);
  server = createLocalApp(h.runtime).server;
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.cleanup();
});

async function filedWithMaterial(): Promise<{ id: string; fileId: string }> {
  const file = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '居住证.jpg', 'image/jpeg', Buffer.from('material bytes')));
  const filed = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'link-1', filing: exampleFiling({ proof: { kind: 'documents', fileIds: [file.fileId] } }) }));
  return { id: filed.id, fileId: file.fileId };
}

describe('review.materialLink', () => {
  it('gives the reviewer of the filing a link that opens the material without any identity, for ten minutes', async () => {
    const { id, fileId } = await filedWithMaterial();
    const link = expectOk(await h.call<{ url: string; expiresAt: string }>('review', 'demo-staff-suzhou', { action: 'materialLink', id, fileId }));
    expect(link.url).toMatch(/^\/storage\/file\?fileId=.+&expires=\d+&sig=[0-9a-f]{64}$/);
    expect(Date.parse(link.expiresAt) - h.clock.now().getTime()).toBe(600_000);
    const res = await fetch(base + link.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('material bytes');
    // Storage itself still refuses the reviewer without the link's signature.
    expect((await fetch(`${base}/storage/file?fileId=${encodeURIComponent(fileId)}`, { headers: { 'x-wx-openid': 'demo-staff-beijing' } })).status).toBe(404);

    const forged = link.url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await fetch(base + forged)).status).toBe(404);
    const otherFile = link.url.replace(/fileId=[^&]+/, `fileId=${encodeURIComponent('cloud://local/00000000-0000-0000-0000-000000000000')}`);
    expect((await fetch(base + otherFile)).status).toBe(404);
    h.clock.set(new Date(h.clock.now().getTime() + 11 * 60_000));
    expect((await fetch(base + link.url)).status).toBe(404);
  });

  it('answers nobody else, and never for a file the filing does not use', async () => {
    const { id, fileId } = await filedWithMaterial();
    expectCode(await h.call('review', undefined, { action: 'materialLink', id, fileId }), 'AUTH.NO_IDENTITY');
    expectCode(await h.call('review', RESIDENT, { action: 'materialLink', id, fileId }), 'AUTH.NOT_STAFF');
    expectCode(await h.call('review', 'demo-staff-beijing', { action: 'materialLink', id, fileId }), 'AUTH.REGION_NOT_COVERED');
    const stray = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '别的.jpg', 'image/jpeg', Buffer.from('other')));
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'materialLink', id, fileId: stray.fileId }), 'STORAGE.FILE_NOT_FOUND');
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'materialLink', id, fileId: 'not a file id' }), 'REQUEST.INVALID');
  });
});
