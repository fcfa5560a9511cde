import { describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import { freshDb } from '../storage/helpers.ts';
import { createBundle, openBundle, type BundleDatasetInput } from '../../src/share/bundle.ts';
import { openFile } from '../../src/share/openFile.ts';
import { importBundle, importNotebookFile } from '../../src/share/importBundle.ts';
import { OpenFileError, type OpenErrorCode } from '../../src/share/errors.ts';
import { MIN_ITERATIONS } from '../../src/share/crypto.ts';
import { MemoryDatasetStore } from '../../src/storage/datasetStore.ts';
import { listNotebooks } from '../../src/storage/notebooks.ts';
import { listDatasets } from '../../src/storage/datasets.ts';
import { sha256Hex } from '../../src/share/bytes.ts';

const text = '---\npulse: 1\ntitle: Shared CTR\ndatasets:\n  ads: { schema: ad_daily }\n---\n\n```sql clicks\nSELECT sum(clicks) FROM ads\n```\n';
/** Stand-in Parquet bytes framed by the `PAR1` magic (the engine writes real ones; the bundle only carries and checks them). */
const parquet = new Uint8Array(5000);
parquet.set(Array.from({ length: 5000 }, (_, i) => (i * 31) % 251));
parquet.set([0x50, 0x41, 0x52, 0x31], 0);
parquet.set([0x50, 0x41, 0x52, 0x31], 4996);
const ads: BundleDatasetInput = { name: 'ads', parquet, schema: { columns: [{ name: 'clicks', type: 'BIGINT' }], canonical: 'ad_daily' }, rowCount: 42, fileName: 'meta-ads.csv' };
/** Other Parquet-framed bytes under the same name. */
const otherParquet = parquet.slice();
otherParquet[100] ^= 0xff;
const enc = (s: string) => new TextEncoder().encode(s);

/** The UI's open flow: check the file, then store it. Returns the error code, if any. */
async function openAndStore(bytes: Uint8Array, name: string, passphrase?: string) {
  const db = await freshDb();
  const store = new MemoryDatasetStore();
  let code: OpenErrorCode | undefined;
  let message = '';
  try {
    const opened = await openFile(bytes, name, passphrase === undefined ? {} : { passphrase });
    if (opened.kind === 'bundle') await importBundle(db, store, opened, { fileName: name });
    else await importNotebookFile(db, opened, name);
  } catch (e) {
    if (!(e instanceof OpenFileError)) throw e;
    code = e.code;
    message = e.message;
  }
  return { code, message, notebooks: await listNotebooks(db), datasets: await listDatasets(db), files: await store.list() };
}

async function expectRefused(bytes: Uint8Array, name: string, code: OpenErrorCode, pattern: RegExp, passphrase?: string) {
  const r = await openAndStore(bytes, name, passphrase);
  expect(r.code).toBe(code);
  expect(r.message).toMatch(pattern);
  // changes nothing that was stored
  expect([r.notebooks, r.datasets, r.files]).toEqual([[], [], []]);
}

describe('bundles', () => {
  it('round-trips the notebook and its Parquet datasets with a full manifest', async () => {
    const zip = await createBundle(text, [ads], { now: new Date('2026-11-01T00:00:00Z') });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['datasets/ads.parquet', 'manifest.json', 'notebook.pulse.md']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest).toEqual({
      format: 'pulse-bundle',
      formatVersion: 1,
      createdAt: '2026-11-01T00:00:00.000Z',
      notebook: { path: 'notebook.pulse.md', title: 'Shared CTR', size: enc(text).length, sha256: await sha256Hex(enc(text)) },
      datasets: [{ name: 'ads', path: 'datasets/ads.parquet', fileName: 'meta-ads.csv', format: 'parquet', schema: ads.schema, rowCount: 42, size: 5000, sha256: await sha256Hex(parquet) }],
    });
    const opened = await openBundle(zip);
    expect(opened.notebook).toEqual({ text, title: 'Shared CTR' });
    expect(opened.datasets[0]!.parquet).toEqual(parquet);
    expect(opened.encrypted).toBe(false);
  });

  it('imports as a new notebook with its datasets; the same bundle again reuses identical datasets', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const opened = await openBundle(await createBundle(text, [ads]));
    const first = await importBundle(db, store, opened, { fileName: 'shared.pulse.zip' });
    expect(first.added.map((d) => [d.name, d.format, d.rowCount, d.size, d.fileName])).toEqual([['ads', 'parquet', 42, 5000, 'meta-ads.csv']]);
    expect(first.notebook.text).toBe(text);
    expect(await (await store.get('datasets/ads.parquet'))!.arrayBuffer()).toEqual(parquet.buffer);
    const second = await importBundle(db, store, opened);
    expect(second.reused).toEqual(['ads']);
    expect(second.notebook.id).not.toBe(first.notebook.id); // never written over the first
    expect(await listNotebooks(db)).toHaveLength(2);
  });

  it('a dataset name that holds different data here is refused before anything is written, unless replacing', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    await importBundle(db, store, await openBundle(await createBundle(text, [ads])));
    const other = await openBundle(await createBundle(text, [{ ...ads, parquet: otherParquet }, { ...ads, name: 'extra' }]));
    const err = await importBundle(db, store, other).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'dataset-exists', message: expect.stringMatching(/ads \(yours is from meta-ads.csv\).*Nothing was stored/) });
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['ads']);
    expect(await listNotebooks(db)).toHaveLength(1);
    const replaced = await importBundle(db, store, other, { replaceDatasets: true });
    expect(replaced.added.map((d) => d.name)).toEqual(['ads', 'extra']);
    const stored = new Uint8Array(await (await store.get('datasets/ads.parquet'))!.arrayBuffer());
    expect(await sha256Hex(stored)).toBe(await sha256Hex(otherParquet));
  });

  it('encrypted: the right passphrase opens it; the header holds salt, IV and ≥ 600,000 iterations', async () => {
    const zip = await createBundle(text, [ads], { passphrase: 'correct horse' });
    const outer = unzipSync(zip);
    expect(Object.keys(outer).sort()).toEqual(['README.txt', 'bundle.pulse.enc']);
    const sealed = outer['bundle.pulse.enc']!;
    expect(new TextDecoder().decode(sealed.subarray(0, 8))).toBe('PULSEENC');
    const headerLength = new DataView(sealed.buffer, sealed.byteOffset).getUint32(9);
    const header = JSON.parse(new TextDecoder().decode(sealed.subarray(13, 13 + headerLength)));
    expect(header).toMatchObject({ kdf: 'PBKDF2-SHA256', cipher: 'AES-GCM-256' });
    expect(header.iterations).toBeGreaterThanOrEqual(600_000);
    expect(atob(header.salt)).toHaveLength(16);
    expect(atob(header.iv)).toHaveLength(12);
    // nothing readable leaks: neither the title nor the Parquet bytes
    expect(new TextDecoder().decode(sealed)).not.toContain('Shared CTR');
    const opened = await openBundle(zip, { passphrase: 'correct horse' });
    expect(opened.notebook.text).toBe(text);
    expect(opened.datasets[0]!.parquet).toEqual(parquet);
    expect(opened.encrypted).toBe(true);
    // a random salt and IV each time
    const again = unzipSync(await createBundle(text, [ads], { passphrase: 'correct horse' }))['bundle.pulse.enc']!;
    expect(again.subarray(13, 13 + headerLength)).not.toEqual(sealed.subarray(13, 13 + headerLength));
  });

  it('encrypted: a wrong passphrase or none gets a clear message and stores nothing', async () => {
    const zip = await createBundle(text, [ads], { passphrase: 'correct horse' });
    await expectRefused(zip, 'shared.pulse.zip', 'wrong-passphrase', /does not open this bundle.*case-sensitive.*nothing was stored/, 'Correct horse');
    await expectRefused(zip, 'shared.pulse.zip', 'passphrase-required', /encrypted: enter the passphrase/);
  });

  it('refuses weak settings when encrypting', async () => {
    await expect(createBundle(text, [], { passphrase: '' })).rejects.toThrow(/empty passphrase/);
    await expect(createBundle(text, [], { passphrase: 'x', iterations: MIN_ITERATIONS - 1 })).rejects.toThrow(/iterations/);
  });

  it('a file that is not a notebook gets a clear message and stores nothing', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await expectRefused(png, 'chart.png', 'not-a-notebook', /chart\.png is not a Pulse notebook: it is not text/);
    await expectRefused(enc('# My README\n\nJust notes.\n'), 'README.md', 'not-a-notebook', /no "pulse:" front matter and no cells/);
    await expectRefused(enc('---\npulse: 1\ntitle: x\n'), 'broken.pulse.md', 'not-a-notebook', /broken\.pulse\.md could not be read .* line 1/);
    await expectRefused(zipSync({ 'data.csv': enc('a,b\n1,2\n') }), 'data.zip', 'not-a-bundle', /zip file but not a Pulse bundle/);
    await expectRefused(zipSync({ 'manifest.json': enc('{"name":"some other app"}') }), 'other.zip', 'not-a-bundle', /not a Pulse manifest/);
  });

  it('a truncated zip gets a clear message and stores nothing (plain and encrypted)', async () => {
    const zip = await createBundle(text, [ads]);
    await expectRefused(zip.slice(0, zip.length - 200), 'cut.pulse.zip', 'truncated', /damaged or cut short.*Download or copy it again/);
    await expectRefused(zip.slice(0, 30), 'cut.pulse.zip', 'truncated', /cut short/);
    const sealed = await createBundle(text, [ads], { passphrase: 'pw' });
    await expectRefused(sealed.slice(0, sealed.length - 500), 'cut.pulse.zip', 'truncated', /cut short/, 'pw');
  });

  it('a checksum mismatch names the file and stores nothing', async () => {
    const files = unzipSync(await createBundle(text, [ads]));
    const tampered = files['datasets/ads.parquet']!.slice();
    tampered[100] ^= 0xff;
    await expectRefused(zipSync({ ...files, 'datasets/ads.parquet': tampered }), 'x.pulse.zip', 'checksum', /Dataset ads \(datasets\/ads\.parquet\) .* checksum does not match/);
    await expectRefused(zipSync({ ...files, 'notebook.pulse.md': enc(text + 'extra\n') }), 'x.pulse.zip', 'checksum', /The notebook \(notebook\.pulse\.md\)/);
    const { 'datasets/ads.parquet': _gone, ...missing } = files;
    await expectRefused(zipSync(missing), 'x.pulse.zip', 'truncated', /lists Dataset ads .* does not hold it/);
  });

  it('a manifest from a newer Pulse or with unsafe paths is refused', async () => {
    const files = unzipSync(await createBundle(text, [ads]));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const withManifest = (m: unknown) => zipSync({ ...files, 'manifest.json': enc(JSON.stringify(m)) });
    await expectRefused(withManifest({ ...manifest, formatVersion: 2 }), 'new.pulse.zip', 'invalid-manifest', /newer Pulse \(format 2/);
    await expectRefused(withManifest({ ...manifest, datasets: [{ ...manifest.datasets[0], path: '../evil.parquet' }] }), 'x.pulse.zip', 'invalid-manifest', /puts dataset ads at/);
    await expectRefused(withManifest({ ...manifest, datasets: [{ ...manifest.datasets[0], name: 'drop table' }] }), 'x.pulse.zip', 'invalid-manifest', /invalid dataset name/);
  });

  it('a .pulse.md file opens as a new notebook', async () => {
    const r = await openAndStore(enc(text), 'shared.pulse.md');
    expect(r.code).toBeUndefined();
    expect(r.notebooks.map((n) => [n.title, n.text])).toEqual([['Shared CTR', text]]);
  });
});
