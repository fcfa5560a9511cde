import { createServer, type Server } from 'node:http';

/**
 * Hosts Debian's Chromium contacts on its own (component updater, time check, account service) even on
 * about:blank with every background-networking switch set: measured with this proxy and no page
 * loaded. They are refused here like everything else, but they are the browser's, not the app's, so
 * they do not fail the run. Anything else does.
 */
export const CHROMIUM_OWN_HOSTS = [
  'update.googleapis.com',
  'accounts.google.com',
  'clients2.google.com',
  // Chromium's autofill crowdsourcing: measured with this proxy on a bare page holding one typed-into
  // <input type="text" | "number" | "date">, with or without autocomplete="off". The browser's, not the app's.
  'content-autofill.googleapis.com',
];

/** The attempts that did not come from Chromium's own services. */
export function appEgress(attempts: string[]): string[] {
  return attempts.filter((a) => {
    const target = a.split(' ')[1] ?? '';
    const host = target.includes('://') ? new URL(target).hostname : target.split(':')[0];
    return !CHROMIUM_OWN_HOSTS.includes(host);
  });
}

/**
 * Chromium is started with this as its proxy for every destination except the app's own origin, so any
 * request the browser makes elsewhere (page, worker, service worker or the browser itself) lands here.
 * It is recorded and refused; the run fails if the record is not empty.
 */
export async function startEgressProxy(): Promise<{ server: Server; port: number; attempts: string[] }> {
  const attempts: string[] = [];
  const server = createServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Pulse e2e: network egress refused');
  });
  server.on('connect', (req, socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('proxy has no port');
  return { server, port: addr.port, attempts };
}
