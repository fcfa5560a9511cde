/**
 * Hostile bundles (issue 10, item 7): zip bombs in entries the manifest never lists or behind a
 * lying size, and a dataset that is not Parquet. Each is refused quickly, with bounded memory, with a
 * message that says what is wrong, and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { freshDb } from '../storage/helpers.ts';
import { createBundle, openBundle, type BundleDatasetInput } from '../../src/share/bundle.ts';
import { openFile } from '../../src/share/openFile.ts';
import { importBundle } from '../../src/share/importBundle.ts';
import { OpenFileError } from '../../src/share/errors.ts';
import { MemoryDatasetStore } from '../../src/storage/datasetStore.ts';
import { listNotebooks } from '../../src/storage/notebooks.ts';
import { listDatasets } from '../../src/storage/datasets.ts';
import { sha256Hex } from '../../src/share/bytes.ts';
import { bombEntries, buildZip, deflatedEntry, lyingEntry, storedEntry, type RawEntry } from './hostileZip.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const text = '---\npulse: 1\ntitle: Shared CTR\ndatasets:\n  ads: { schema: ad_daily }\n---\n\n```sql clicks\nSELECT sum(clicks) FROM ads\n```\n';
const parquet = new Uint8Array(5000);
parquet.set([0x50, 0x41, 0x52, 0x31], 0);
parquet.set([0x50, 0x41, 0x52, 0x31], 4996);
const ads: BundleDatasetInput = { name: 'ads', parquet, schema: { columns: [{ name: 'clicks', type: 'BIGINT' }] }, rowCount: 42 };

/** The files of a genuine bundle, as raw zip entries to rebuild with hostile additions. */
async function genuineEntries(): Promise<{ entries: RawEntry[]; manifest: Record<string, unknown> & { datasets: Record<string, unknown>[] } }> {
  const files = unzipSync(await createBundle(text, [ads]));
  const entries = Object.entries(files).map(([name, data]) => (name.endsWith('.parquet') ? storedEntry(name, data) : deflatedEntry(name, data)));
  return { entries, manifest: JSON.parse(new TextDecoder().decode(files['manifest.json'])) };
}

const withManifest = (entries: RawEntry[], manifest: unknown) => entries.map((e) => (e.name === 'manifest.json' ? deflatedEntry('manifest.json', enc(JSON.stringify(manifest))) : e));

/** Open and store as the app does; the error, the time it took, and what storage holds after. */
async function openAndStore(bytes: Uint8Array, name: string) {
  const db = await freshDb();
  const store = new MemoryDatasetStore();
  const t0 = performance.now();
  let error: OpenFileError | null = null;
  try {
    const opened = await openFile(bytes, name);
    if (opened.kind === 'bundle') await importBundle(db, store, opened, { fileName: name });
  } catch (e) {
    if (!(e instanceof OpenFileError)) throw e;
    error = e;
  }
  return { error, ms: performance.now() - t0, stored: [await listNotebooks(db), await listDatasets(db), await store.list()] };
}

describe('hostile bundles', () => {
  it('a 3.9 MB bundle with 3.75 GiB of entries its manifest never lists is refused at once, nothing inflated', async () => {
    const { entries } = await genuineEntries();
    const bomb = buildZip([...entries, ...bombEntries(960)]);
    expect(bomb.length).toBeGreaterThan(3.5e6);
    expect(bomb.length).toBeLessThan(4.5e6);
    const heapBefore = process.memoryUsage().arrayBuffers;
    const r = await openAndStore(bomb, 'bomb.pulse.zip');
    expect(r.error?.code).toBe('invalid-manifest');
    expect(r.error?.message).toMatch(/^bomb\.pulse\.zip holds 960 files its manifest does not list \("junk\/0000\.bin", "junk\/0001\.bin", "junk\/0002\.bin" and 957 more\).*nothing was stored/);
    expect(r.stored).toEqual([[], [], []]);
    // Inflating even one entry would take 4 MiB; all of them 3.75 GiB and many seconds.
    expect(r.ms).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('a listed entry that inflates past its declared size is stopped at that size', async () => {
    const { entries } = await genuineEntries();
    // The headers and the manifest agree on 5000 bytes; the deflated data is 4 MiB of zeros.
    const bomb = buildZip(entries.map((e) => (e.name === 'datasets/ads.parquet' ? lyingEntry(e.name, 5000) : e)));
    const r = await openAndStore(bomb, 'liar.pulse.zip');
    expect(r.error?.code).toBe('checksum');
    expect(r.error?.message).toMatch(/^Dataset ads \(datasets\/ads\.parquet\) in this bundle is not the file that was shared: datasets\/ads\.parquet inflates to more than the 5000 bytes it declares/);
    expect(r.stored).toEqual([[], [], []]);
    expect(r.ms).toBeLessThan(1000);
  });

  it('a zip whose headers claim a different size than the manifest is refused before inflating', async () => {
    const { entries } = await genuineEntries();
    const bomb = buildZip(entries.map((e) => (e.name === 'datasets/ads.parquet' ? lyingEntry(e.name, 3 * 1024 ** 3) : e)));
    const r = await openAndStore(bomb, 'big.pulse.zip');
    expect(r.error?.code).toBe('checksum');
    expect(r.error?.message).toMatch(/datasets\/ads\.parquet is 3221225472 bytes in the zip, not 5000/);
    expect(r.ms).toBeLessThan(1000);
  });

  it('a manifest declaring more than a tab can hold is refused before anything is inflated', async () => {
    const { entries, manifest } = await genuineEntries();
    const huge = { ...manifest, datasets: [{ ...manifest.datasets[0], size: 5 * 1024 ** 3 }] };
    const r = await openAndStore(buildZip(withManifest(entries, huge)), 'huge.pulse.zip');
    expect(r.error?.code).toBe('too-large');
    expect(r.error?.message).toMatch(/huge\.pulse\.zip expands to more than 4 GiB.*pulse run/);
  });

  it('a dataset that is not Parquet is refused with what it is, and never stored (no silent fallback to the sample)', async () => {
    const { entries, manifest } = await genuineEntries();
    const csv = enc('id,name,email\n1,Ann,ann@example.com\n2,Bo,bo@example.com\n');
    const listed = { ...manifest, datasets: [{ ...manifest.datasets[0], size: csv.length, sha256: await sha256Hex(csv) }] };
    const zip = buildZip(withManifest(entries, listed).map((e) => (e.name === 'datasets/ads.parquet' ? storedEntry(e.name, csv) : e)));
    const r = await openAndStore(zip, 'csv-inside.pulse.zip');
    expect(r.error?.code).toBe('not-parquet');
    expect(r.error?.message).toBe(
      'Dataset ads (datasets/ads.parquet) in this bundle is not a Parquet file (it starts with "id,name,email\\n1,Ann,ann@"); Pulse bundles hold every dataset as Parquet. The bundle was not made by Pulse or was changed; ask for it again. Nothing was stored.',
    );
    expect(r.stored).toEqual([[], [], []]);
  });

  it('two entries with the same name are refused (which one would be read is ambiguous)', async () => {
    const { entries } = await genuineEntries();
    const r = await openAndStore(buildZip([...entries, deflatedEntry('notebook.pulse.md', enc('---\npulse: 1\ntitle: Other\n---\n'))]), 'twice.pulse.zip');
    expect(r.error?.code).toBe('invalid-manifest');
    expect(r.error?.message).toMatch(/holds two files named "notebook\.pulse\.md"/);
  });

  it('an encrypted bundle carrying anything beside its README and sealed part is refused before decrypting', async () => {
    const sealed = unzipSync(await createBundle(text, [ads], { passphrase: 'pw' }));
    const outer = buildZip([...Object.entries(sealed).map(([n, d]) => storedEntry(n, d)), ...bombEntries(10)]);
    await expect(openBundle(outer, { passphrase: 'pw', fileName: 'sealed.pulse.zip' })).rejects.toMatchObject({ code: 'invalid-manifest', message: expect.stringMatching(/holds 10 files its manifest does not list/) });
  });

  it('a directory entry from an archiver is fine; the genuine bundle rebuilt by hand still opens', async () => {
    const { entries } = await genuineEntries();
    const opened = await openBundle(buildZip([storedEntry('datasets/', new Uint8Array(0)), ...entries]));
    expect(opened.datasets.map((d) => [d.name, d.parquet.length])).toEqual([['ads', 5000]]);
  });
});
