import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedFileOrigins, downloadSlackFile } from '../../src/slack/port/web-api-port.js';

/**
 * The Slack port's file download (issue 12, `/onetoone import`): only Slack's own hosts, the bot
 * token only to them, redirects checked hop by hop, at most maxBytes, and Slack's sign-in page
 * (what it serves to a request without a valid token) is not taken for the file.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; origin: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let slack: Awaited<ReturnType<typeof serve>>;
let elsewhere: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  elsewhere = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end('Name\nEvil\n');
  });
  slack = await serve((req, res) => {
    if (req.url === '/files-pri/ok') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('Name\nAmina\n');
    } else if (req.url === '/files-pri/hop') {
      res.writeHead(302, { location: '/files-pri/ok' });
      res.end();
    } else if (req.url === '/files-pri/away') {
      res.writeHead(302, { location: `${elsewhere.origin}/steal` });
      res.end();
    } else if (req.url === '/files-pri/signin') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html>Sign in</html>');
    } else if (req.url === '/files-pri/stream') {
      // No content-length: the limit is applied while reading.
      res.writeHead(200, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 100; i++) res.write('x'.repeat(1000));
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});
afterAll(async () => {
  for (const s of [slack, elsewhere]) await new Promise<void>((resolve) => s.server.close(() => resolve()));
});

const api = () => `${slack.origin}/api/`;

describe('downloadSlackFile', () => {
  it('fetches from the configured Slack host with the bot token', async () => {
    const result = await downloadSlackFile(api(), 'xoxb-1', `${slack.origin}/files-pri/ok`, 1000);
    expect(result.ok && result.bytes.toString()).toBe('Name\nAmina\n');
    expect(slack.seen.at(-1)).toBe('/files-pri/ok Bearer xoxb-1');
  });

  it('refuses every other host unfetched, and a redirect away from Slack', async () => {
    for (const url of [
      `${elsewhere.origin}/files-pri/ok`,
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      `http://user:pass@${slack.origin.slice(7)}/files-pri/ok`,
      'not a url',
    ]) {
      expect(await downloadSlackFile(api(), 'xoxb-1', url, 1000)).toEqual({
        ok: false,
        reason: 'host_not_allowed',
      });
    }
    expect(await downloadSlackFile(api(), 'xoxb-1', `${slack.origin}/files-pri/away`, 1000)).toEqual({
      ok: false,
      reason: 'host_not_allowed',
    });
    expect(elsewhere.seen).toEqual([]);
    // A redirect within Slack's host is followed.
    const hop = await downloadSlackFile(api(), 'xoxb-1', `${slack.origin}/files-pri/hop`, 1000);
    expect(hop.ok).toBe(true);
  });

  it('does not take Slack’s sign-in page, a 404 or an oversized body for the file', async () => {
    expect(await downloadSlackFile(api(), 'bad', `${slack.origin}/files-pri/signin`, 1000)).toEqual({
      ok: false,
      reason: 'not_authorized',
    });
    expect(await downloadSlackFile(api(), 'x', `${slack.origin}/files-pri/nothing`, 1000)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await downloadSlackFile(api(), 'x', `${slack.origin}/files-pri/stream`, 50_000)).toEqual({
      ok: false,
      reason: 'too_large',
    });
    const whole = await downloadSlackFile(api(), 'x', `${slack.origin}/files-pri/stream`, 100_000);
    expect(whole.ok && whole.bytes.length).toBe(100_000);
  });

  it('allows slack.com’s files host in production, and only the API host behind a loopback URL', () => {
    expect([...allowedFileOrigins('https://slack.com/api/')]).toEqual([
      'https://slack.com',
      'https://files.slack.com',
    ]);
    expect([...allowedFileOrigins('http://127.0.0.1:9999/api/')]).toEqual(['http://127.0.0.1:9999']);
  });
});
