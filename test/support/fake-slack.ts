import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A small stand-in for Slack's Web API on loopback. It records every call, answers the methods
 * the bot uses the way Slack does (shape and error codes), and can be told to fail.
 *
 * Also serves response_url endpoints (`/respond/:id`) and file upload URLs (`/upload/:id`).
 */

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token: string | undefined;
  at: number;
  /** The workspace the token belongs to (see FakeSlack.teamOf). */
  team?: string;
  /** Answered 429 by a rate limit set with FakeSlack.rateLimit. */
  rateLimited?: { retryAfter: number };
}

/** What an OAuth code installs when the app exchanges it (oauth.v2.access). */
export interface FakeGrant {
  teamId: string;
  teamName?: string;
  /** Bot scopes granted (default: DEFAULT_GRANT_SCOPES). */
  scopes?: string[];
  /** The person who installed. */
  installer?: string;
  /** An Enterprise Grid org-wide install (team is then null, as Slack sends it). */
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  appId?: string;
}

/** A bot token this fake issued through oauth.v2.access. */
export interface FakeToken {
  teamId: string;
  enterpriseId?: string;
  botUserId: string;
  botId: string;
  isEnterpriseInstall: boolean;
}

/** The bot scopes an OAuth grant gives unless it says otherwise (manifest.yml's). */
export const DEFAULT_GRANT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'channels:read',
  'groups:read',
  'files:write',
  'files:read',
  'im:history',
];

/**
 * A rate limit the fake enforces for one workspace and method, as Slack does: past `calls`
 * accepted calls in any `perMs`, it answers 429 with Retry-After (whole seconds until there is
 * room, or `retryAfter`). `perChannel`: counted per channel (chat.postMessage's per-channel limit).
 */
export interface FakeRateLimit {
  calls: number;
  perMs: number;
  perChannel?: boolean;
  retryAfter?: number;
}

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
  /** Workspace admin / owner (users.info `is_admin`, `is_owner`). */
  is_admin?: boolean;
  is_owner?: boolean;
  /** The member's workspace: users.list for another workspace's token leaves them out (unset: every list). */
  team?: string;
}

export interface FakeChannel {
  id: string;
  name?: string;
  members: string[];
  /** Whether the bot has been invited; when false, posting answers not_in_channel. */
  botIsMember?: boolean;
  is_private?: boolean;
}

export type Failure =
  | { status: 429; retryAfter?: number }
  | { status: 500 }
  | { error: string; status?: 200 };

export type Handler = (
  args: Record<string, any>,
  call: RecordedCall,
) => Record<string, any> | Promise<Record<string, any>>;

export interface ViewRecord {
  id: string;
  hash: string;
  view: Record<string, any>;
  trigger_id?: string;
}

/**
 * One file uploaded the files.uploadV2 way, followed through its three steps: asked for
 * (files.getUploadURLExternal), its bytes POSTed to the upload URL, and shared
 * (files.completeUploadExternal).
 */
export interface FakeFileUpload {
  fileId: string;
  team: string;
  filename: string;
  /** The length the client declared. */
  length: number;
  /** The image description the client sent (`alt_text`, as @slack/web-api names it; `alt_txt` in Slack's docs). */
  altText?: string;
  /** The file's bytes as uploaded (from the multipart `file`/`body` part, or the raw body). */
  bytes?: Buffer;
  /** Whether the bytes start with the PNG signature. */
  isPng?: boolean;
  /** Set by files.completeUploadExternal. */
  completed?: boolean;
  channel?: string;
  title?: string;
  initialComment?: string;
  threadTs?: string;
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Buffer | undefined): boolean {
  if (bytes === undefined || bytes.length <= PNG_SIGNATURE.length) return false;
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

/** The file inside an upload POST: @slack/web-api sends multipart form data; raw bytes also work. */
async function uploadedBytes(req: IncomingMessage, body: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, body: Buffer): Record<string, any> {
  const type = req.headers['content-type'] ?? '';
  const text = body.toString('utf8');
  if (type.includes('application/json')) return text ? JSON.parse(text) : {};
  const args: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The WebClient JSON-encodes objects and arrays inside form bodies.
    if ((v.startsWith('{') && v.endsWith('}')) || (v.startsWith('[') && v.endsWith(']'))) {
      try {
        args[k] = JSON.parse(v);
        continue;
      } catch {
        /* a plain string that happens to look like JSON */
      }
    }
    args[k] = v;
  }
  return args;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: { id: string; body: Record<string, any> }[] = [];
  readonly uploads = new Map<string, Buffer>();
  /** Every files.uploadV2 upload, in the order asked for (see FakeFileUpload). */
  readonly fileUploads: FakeFileUpload[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly views = new Map<string, ViewRecord>();
  readonly messages: { channel: string; ts: string; args: Record<string, any> }[] = [];
  /** Files the fake hosts (hostFile), by id, served at their url_private_download. */
  readonly hostedFiles = new Map<string, { bytes: Buffer; file: Record<string, any> }>();
  /** Every GET of a hosted file's URL: which file, with which token (undefined: none sent). */
  readonly downloads: { fileId: string; token: string | undefined; at: number }[] = [];
  /** What auth.test adds about the bot's install (an org-wide install: enterprise_id, is_enterprise_install). */
  identity: Record<string, unknown> = {};
  /** OAuth codes not yet exchanged (each works once, as Slack's do). */
  readonly grants = new Map<string, FakeGrant>();
  /** Bot tokens issued by oauth.v2.access, by token: which workspace each belongs to. */
  readonly tokens = new Map<string, FakeToken>();
  /** Tokens revoked (auth.revoke, or by the test): every call with one answers token_revoked. */
  readonly revokedTokens = new Set<string>();
  /** When set, oauth.v2.access checks the app's credentials as Slack does. */
  oauthClient?: { id: string; secret: string };
  /** Which workspace each token belongs to; unlisted tokens `xoxb-T…` belong to T…, others to T0001. */
  readonly tokenTeams = new Map<string, string>();
  private readonly limits = new Map<string, FakeRateLimit>();
  private readonly accepted = new Map<string, number[]>();
  private readonly hangs: { method: string; match: (args: Record<string, any>) => boolean }[] = [];
  private readonly hung: (() => void)[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly failures = new Map<string, Failure[]>();
  private server!: Server;
  private counter = 0;
  /** Socket Mode: the WebSocket apps.connections.open hands out, and acks by envelope id. */
  private sockets?: WebSocketServer;
  private socket?: WebSocket;
  private readonly socketAcks = new Map<string, (ack: Record<string, any>) => void>();
  baseUrl = '';

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /**
   * Serves Socket Mode: apps.connections.open answers with a ws:// URL on this server, which
   * greets the app with `hello` as Slack does. Call before starting an app with SLACK_APP_TOKEN.
   */
  enableSocketMode(): void {
    this.sockets = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.sockets!.handleUpgrade(req, socket, head, (ws) => {
        this.socket = ws;
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as Record<string, any>;
          const resolve = this.socketAcks.get(message.envelope_id);
          this.socketAcks.delete(message.envelope_id);
          resolve?.(message);
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
      });
    });
  }

  /** Whether an app has connected over Socket Mode. */
  get socketConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends a Socket Mode envelope; resolves with the app's ack (`{ envelope_id, payload? }`). */
  sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, any>,
  ): Promise<Record<string, any>> {
    if (!this.socket) throw new Error('fake Slack: no Socket Mode connection');
    const envelopeId = `env-${++this.counter}`;
    const ack = new Promise<Record<string, any>>((resolve) => this.socketAcks.set(envelopeId, resolve));
    this.socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
      }),
    );
    return ack;
  }

  async stop(): Promise<void> {
    this.releaseHung();
    for (const client of this.sockets?.clients ?? []) client.terminate();
    this.sockets?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Overrides the answer to one method. */
  on(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  /** The next call(s) of `method` fail as given, in order; later calls succeed again. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** The workspace a token belongs to. */
  teamOf(token: string | undefined): string {
    if (!token) return 'T0001';
    return this.tokenTeams.get(token) ?? /^xoxb-(T[A-Z0-9]+)$/.exec(token)?.[1] ?? 'T0001';
  }

  /** Enforces a rate limit for `team`'s calls of `method` (see FakeRateLimit). */
  rateLimit(team: string, method: string, limit: FakeRateLimit): void {
    this.limits.set(`${team}\u0000${method}`, limit);
  }

  /** Calls answered 429 by a rate limit. */
  get rateLimitedCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.rateLimited);
  }

  /**
   * The most calls (answered, not rate-limited) a workspace made in any window of `windowMs`
   * (a sliding minute by default), of one method or of all.
   */
  maxCallsPerWindow(team: string, method?: string, windowMs = 60_000): number {
    const times = this.calls
      .filter((c) => c.team === team && !c.rateLimited && (method === undefined || c.method === method))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    let most = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= windowMs) start++;
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /** Calls per workspace (answered or not), for a report. */
  callsPerTeam(method?: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.calls) {
      if (method !== undefined && c.method !== method) continue;
      const team = c.team ?? 'T0001';
      counts.set(team, (counts.get(team) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * The next call of `method` whose args match is recorded but never answered (a send that
   * hangs), until releaseHung() ends it with a connection reset.
   */
  hangNext(method: string, match: (args: Record<string, any>) => boolean = () => true): void {
    this.hangs.push({ method, match });
  }

  releaseHung(): void {
    for (const end of this.hung.splice(0)) end();
  }

  /** A fresh response_url for a slash command or interaction. */
  responseUrl(): string {
    return `${this.baseUrl}/respond/R${++this.counter}`;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.callsOf(method).at(-1);
  }

  /** Waits until `predicate` holds (listeners finish their work after acking). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() - start > timeoutMs) throw new Error('fake Slack: timed out waiting');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits for the n-th (1-based) call of a method. */
  waitForCall(method: string, n = 1, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitFor(() => this.callsOf(method)[n - 1], timeoutMs);
  }

  /** Waits for the n-th (1-based) response_url post. */
  waitForResponse(n = 1, timeoutMs = 5000): Promise<Record<string, any>> {
    return this.waitFor(() => this.responses[n - 1]?.body, timeoutMs);
  }

  /** A fresh OAuth code that installs the app as given when exchanged (oauth.v2.access). */
  grantCode(grant: FakeGrant): string {
    const code = `code-${grant.teamId}-${++this.counter}`;
    this.grants.set(code, grant);
    return code;
  }

  /** Calls made with a token this fake issued to that workspace through oauth.v2.access. */
  callsFor(teamId: string): RecordedCall[] {
    return this.calls.filter((c) => c.token !== undefined && this.tokens.get(c.token)?.teamId === teamId);
  }

  /**
   * Hosts a file as Slack does for a file someone uploaded (a file_input, or a file shared in the
   * DM): returns its file object, whose url_private_download this fake serves to a request with a
   * bot token (Authorization: Bearer), and, like Slack, answers a request without one with its
   * HTML sign-in page (status 200).
   */
  hostFile(
    bytes: Buffer | string,
    meta: { name: string; filetype?: string; mimetype?: string; user?: string; title?: string },
  ): Record<string, any> {
    const id = `F${String(++this.counter).padStart(8, '0')}`;
    const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    const path = `/files-pri/T0001-${id}/download/${encodeURIComponent(meta.name)}`;
    const file = {
      id,
      created: Math.floor(Date.now() / 1000),
      timestamp: Math.floor(Date.now() / 1000),
      name: meta.name,
      title: meta.title ?? meta.name,
      mimetype: meta.mimetype ?? 'text/csv',
      filetype: meta.filetype ?? 'csv',
      pretty_type: 'CSV',
      user: meta.user ?? 'U0000000',
      user_team: 'T0001',
      size: body.length,
      url_private: `${this.baseUrl}/files-pri/T0001-${id}/${encodeURIComponent(meta.name)}`,
      url_private_download: `${this.baseUrl}${path}`,
      permalink: `https://test.slack.com/files/U0000000/${id}/${encodeURIComponent(meta.name)}`,
    };
    this.hostedFiles.set(id, { bytes: body, file });
    return file;
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.length = 0;
    this.fileUploads.length = 0;
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (url.pathname.startsWith('/respond/')) {
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body: parseArgs(req, body) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      this.uploads.set(fileId, body);
      const upload = this.fileUploads.find((u) => u.fileId === fileId);
      if (upload) {
        upload.bytes = await uploadedBytes(req, body);
        upload.isPng = isPng(upload.bytes);
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
      return;
    }
    if (url.pathname.startsWith('/files-pri/')) {
      const fileId = /^\/files-pri\/T[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(url.pathname)?.[1] ?? '';
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      this.downloads.push({ fileId, token, at: Date.now() });
      const hosted = this.hostedFiles.get(fileId);
      if (!token || this.revokedTokens.has(token)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
        return;
      }
      if (!hosted) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': hosted.file.mimetype,
        'content-length': String(hosted.bytes.length),
      });
      res.end(hosted.bytes);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      json(404, { ok: false, error: 'unknown_url' });
      return;
    }

    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req, body);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : args.token;
    const call: RecordedCall = { method, args, token, at: Date.now(), team: this.teamOf(token) };
    this.calls.push(call);

    const hang = this.hangs.findIndex((h) => h.method === method && h.match(args));
    if (hang >= 0) {
      this.hangs.splice(hang, 1);
      await new Promise<void>((resolve) => this.hung.push(resolve));
      res.destroy();
      return;
    }

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('error' in failure) return json(200, { ok: false, error: failure.error });
      if (failure.status === 429)
        return json(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.retryAfter ?? 1) },
        );
      return json(500, { ok: false, error: 'internal_error' });
    }
    // The OAuth exchange authenticates with the app's client id and secret, not a token.
    if (method === 'oauth.v2.access' && !this.handlers.has(method)) return json(200, this.exchange(args));
    if (!token) return json(200, { ok: false, error: 'not_authed' });
    if (this.revokedTokens.has(token)) return json(200, { ok: false, error: 'token_revoked' });

    const limit = this.limits.get(`${call.team}\u0000${method}`);
    if (limit) {
      const key = `${call.team}\u0000${method}${limit.perChannel ? `\u0000${String(args.channel)}` : ''}`;
      const now = Date.now();
      const times = (this.accepted.get(key) ?? []).filter((t) => t > now - limit.perMs);
      this.accepted.set(key, times);
      if (times.length >= limit.calls) {
        const retryAfter = limit.retryAfter ?? Math.max(1, Math.ceil((times[0]! + limit.perMs - now) / 1000));
        call.rateLimited = { retryAfter };
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      }
      times.push(now);
    }

    const custom = this.handlers.get(method);
    const result = custom ? await custom(args, call) : this.answer(method, args, token);
    json(200, result);
  }

  /** oauth.v2.access: a code granted by grantCode, once; a bad or used code answers invalid_code. */
  private exchange(args: Record<string, any>): Record<string, any> {
    if (this.oauthClient) {
      if (args.client_id !== this.oauthClient.id) return { ok: false, error: 'invalid_client_id' };
      if (args.client_secret !== this.oauthClient.secret) return { ok: false, error: 'bad_client_secret' };
    }
    const code = String(args.code ?? '');
    const grant = this.grants.get(code);
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.grants.delete(code);
    const n = ++this.counter;
    const token = `xoxb-${grant.teamId}-${n}-fake`;
    const botUserId = `UBOT${grant.teamId}`;
    const botId = `BBOT${grant.teamId}`;
    const org = grant.isEnterpriseInstall === true;
    this.tokenTeams.set(token, grant.teamId);
    this.tokens.set(token, {
      teamId: grant.teamId,
      ...(grant.enterpriseId ? { enterpriseId: grant.enterpriseId } : {}),
      botUserId,
      botId,
      isEnterpriseInstall: org,
    });
    return {
      ok: true,
      app_id: grant.appId ?? 'A0001',
      authed_user: { id: grant.installer ?? 'UINSTALLER' },
      scope: (grant.scopes ?? DEFAULT_GRANT_SCOPES).join(','),
      token_type: 'bot',
      access_token: token,
      bot_user_id: botUserId,
      team: org ? null : { id: grant.teamId, name: grant.teamName ?? `Workspace ${grant.teamId}` },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: 'An org' } : null,
      is_enterprise_install: org,
    };
  }

  private answer(method: string, args: Record<string, any>, token?: string): Record<string, any> {
    const n = ++this.counter;
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (issued && method === 'auth.test') {
      return {
        ok: true,
        url: `https://${issued.teamId.toLowerCase()}.slack.com/`,
        team: `Workspace ${issued.teamId}`,
        user: 'onetoone',
        team_id: issued.teamId,
        user_id: issued.botUserId,
        bot_id: issued.botId,
        ...(issued.enterpriseId ? { enterprise_id: issued.enterpriseId } : {}),
        is_enterprise_install: issued.isEnterpriseInstall,
      };
    }
    if (method === 'auth.revoke' && token) {
      this.revokedTokens.add(token);
      return { ok: true, revoked: true };
    }
    switch (method) {
      case 'apps.connections.open':
        return this.sockets
          ? { ok: true, url: `${this.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${n}` }
          : { ok: false, error: 'not_allowed_token_type' };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'onetoone',
          team_id: 'T0001',
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          ...this.identity,
        };
      case 'views.open':
      case 'views.push': {
        const id = `V${String(n).padStart(8, '0')}`;
        const record: ViewRecord = { id, hash: `hash-${n}`, view: args.view, trigger_id: args.trigger_id };
        this.views.set(id, record);
        return { ok: true, view: { ...args.view, id, hash: record.hash, state: { values: {} } } };
      }
      case 'views.update': {
        const id = args.view_id ?? `V${String(n).padStart(8, '0')}`;
        // The same view, updated: it keeps the trigger_id it was opened with.
        const opened = this.views.get(id)?.trigger_id;
        const record: ViewRecord = {
          id,
          hash: `hash-${n}`,
          view: args.view,
          ...(opened ? { trigger_id: opened } : {}),
        };
        this.views.set(id, record);
        return { ok: true, view: { ...args.view, id, hash: record.hash } };
      }
      case 'bots.info':
        return { ok: true, bot: { id: args.bot, app_id: 'A0001', name: 'onetoone', deleted: false } };
      case 'views.publish':
        return { ok: true, view: { ...args.view, id: `V${n}`, hash: `hash-${n}` } };
      case 'users.info': {
        const user = this.users.get(args.user);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name ?? user.id.toLowerCase(),
            real_name: user.real_name ?? user.name ?? user.id,
            deleted: user.deleted ?? false,
            is_bot: user.is_bot ?? false,
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
            tz: user.tz ?? 'Europe/London',
            profile: { real_name: user.real_name ?? user.id, display_name: user.name ?? '' },
          },
        };
      }
      case 'users.list': {
        // Pages of `limit` (the cursor is the offset), as Slack pages the workspace's members.
        const team = this.teamOf(token);
        const all = [...this.users.values()].filter((u) => u.team === undefined || u.team === team);
        const from = Number(args.cursor ?? 0) || 0;
        const limit = Number(args.limit ?? 200) || 200;
        const page = all.slice(from, from + limit);
        return {
          ok: true,
          members: page.map((user) => ({
            id: user.id,
            name: user.name ?? user.id.toLowerCase(),
            real_name: user.real_name ?? user.name ?? user.id,
            deleted: user.deleted ?? false,
            is_bot: user.is_bot ?? false,
            tz: user.tz ?? 'Europe/London',
            profile: { real_name: user.real_name ?? user.id, display_name: user.name ?? '' },
          })),
          response_metadata: { next_cursor: from + limit < all.length ? String(from + limit) : '' },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${args.users ?? args.user ?? n}` } };
      case 'conversations.info': {
        const ch = this.channels.get(args.channel);
        if (!ch) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: ch.id,
            name: ch.name ?? ch.id,
            is_member: ch.botIsMember ?? true,
            is_private: ch.is_private ?? false,
          },
        };
      }
      case 'conversations.members': {
        const ch = this.channels.get(args.channel);
        if (!ch) return { ok: false, error: 'channel_not_found' };
        if (ch.is_private && !(ch.botIsMember ?? true)) return { ok: false, error: 'channel_not_found' };
        // Pages of `limit` members, like Slack's cursor pagination.
        const limit = Number(args.limit ?? 100);
        const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
        const members = ch.members.slice(start, start + limit);
        const next =
          start + limit < ch.members.length ? Buffer.from(String(start + limit)).toString('base64') : '';
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const channel = String(args.channel);
        const ch = this.channels.get(channel);
        if (ch && ch.botIsMember === false) return { ok: false, error: 'not_in_channel' };
        if (channel.startsWith('U')) {
          const user = this.users.get(channel);
          if (user?.deleted) return { ok: false, error: 'user_disabled' };
        }
        const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
        const dm = channel.startsWith('U') ? `D${channel}` : channel;
        this.messages.push({ channel: dm, ts, args });
        return method === 'chat.postMessage'
          ? { ok: true, channel: dm, ts, message: { text: args.text, ts } }
          : { ok: true, message_ts: ts };
      }
      case 'chat.update': {
        const msg = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!msg) return { ok: false, error: 'message_not_found' };
        msg.args = { ...msg.args, ...args };
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(n).padStart(8, '0')}`;
        const altText = args.alt_text ?? args.alt_txt;
        this.fileUploads.push({
          fileId,
          team: this.teamOf(token),
          filename: String(args.filename ?? ''),
          length: Number(args.length ?? 0),
          ...(altText === undefined ? {} : { altText: String(altText) }),
        });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as {
          id: string;
          title?: string;
        }[];
        for (const f of files) {
          const upload = this.fileUploads.find((u) => u.fileId === f.id);
          if (!upload) continue;
          Object.assign(upload, {
            completed: true,
            ...(args.channel_id === undefined ? {} : { channel: String(args.channel_id) }),
            ...(f.title === undefined ? {} : { title: f.title }),
            ...(args.initial_comment === undefined ? {} : { initialComment: String(args.initial_comment) }),
            ...(args.thread_ts === undefined ? {} : { threadTs: String(args.thread_ts) }),
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
