/**
 * A bundled sample is fetched from the app's own origin (src/app/samples.ts). A host that answers a
 * missing file with its index.html (Vite's dev and preview servers, the e2e static server, most
 * single-page-app hosts) must not have that page imported as the dataset.
 */
import { describe, expect, it } from 'vitest';
import { fetchSample } from '../../src/app/samples.ts';

const BASE = 'https://pulse.example/app/';
/** A fetch that answers every URL with `body` and `type`, and records what was asked. */
const answering = (body: string, type: string, status = 200) => {
  const asked: string[] = [];
  const fn = (async (url: string | URL | Request) => {
    asked.push(String(url));
    return new Response(body, { status, headers: { 'Content-Type': type } });
  }) as typeof fetch;
  return { fn, asked };
};

describe('fetchSample', () => {
  it('returns the CSV as a File named after it, fetched from the sample folder under the page', async () => {
    const { fn, asked } = answering('day,clicks\n2024-06-01,3\n', 'text/csv');
    const file = await fetchSample('ad_daily.csv', fn, BASE);
    expect(asked).toEqual(['https://pulse.example/app/sample/ad_daily.csv']);
    expect(file.name).toBe('ad_daily.csv');
    expect(await file.text()).toBe('day,clicks\n2024-06-01,3\n');
  });

  it("refuses the app's index.html served in place of a missing file, naming the file", async () => {
    const { fn } = answering('<!doctype html><html><head><title>Pulse</title></head></html>', 'text/html; charset=utf-8');
    await expect(fetchSample('no-such-sample.csv', fn, BASE)).rejects.toThrow(
      "Could not load the sample file no-such-sample.csv: the server answered with a web page, so the file is not in the app's sample folder (public/sample).",
    );
  });

  it('says the HTTP status when the host answers a missing file with an error', async () => {
    const { fn } = answering('', 'text/plain', 404);
    await expect(fetchSample('gone.csv', fn, BASE)).rejects.toThrow('Could not load the sample file gone.csv (HTTP 404).');
  });
});
