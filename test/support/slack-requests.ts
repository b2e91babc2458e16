import { createHmac } from 'node:crypto';

/**
 * Sends requests to the bot exactly as Slack does: signed with the signing secret
 * (`v0:{timestamp}:{body}`, HMAC-SHA256), slash commands form-encoded, interactions as a
 * form-encoded `payload=` JSON, events as JSON.
 */

export interface SlackResponse {
  status: number;
  text: string;
  json(): any;
}

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. Over 5 minutes old is refused by Bolt. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong signature). */
  secret?: string;
  /** Send no signature headers at all. */
  unsigned?: boolean;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Actor {
  user: string;
  team?: string;
  userName?: string;
}

export class SlackRequests {
  private n = 0;
  /**
   * Set for an org-wide (Enterprise Grid) install: every payload then says so, as Slack's do, and
   * actors of several workspaces (teams) of that org are all served by the one install.
   */
  enterprise?: string;
  constructor(
    readonly url: string,
    readonly secret: string,
    readonly responseUrl: () => string,
  ) {}

  async post(body: string, contentType: string, options: SignOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType };
    if (!options.unsigned) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = sign(options.secret ?? this.secret, timestamp, body);
    }
    const res = await fetch(this.url, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, text, json: () => (text ? JSON.parse(text) : undefined) };
  }

  triggerId(): string {
    return `${++this.n}.1234.trigger${this.n}`;
  }

  /** A slash command, form-encoded (Bolt accepts exactly application/x-www-form-urlencoded). */
  command(
    text: string,
    actor: Actor,
    extra: { channel?: string; channelName?: string; command?: string } = {},
    options?: SignOptions,
  ) {
    const params = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: actor.team ?? 'T0001',
      team_domain: 'test',
      channel_id: extra.channel ?? 'C0001',
      channel_name: extra.channelName ?? 'general',
      user_id: actor.user,
      user_name: actor.userName ?? actor.user.toLowerCase(),
      command: extra.command ?? '/onetoone',
      text,
      api_app_id: 'A0001',
      is_enterprise_install: this.enterprise ? 'true' : 'false',
      ...(this.enterprise ? { enterprise_id: this.enterprise } : {}),
      response_url: this.responseUrl(),
      trigger_id: this.triggerId(),
    });
    return this.post(params.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Any interactive payload (block_actions, view_submission, shortcut …) as `payload=` JSON. */
  interaction(payload: Record<string, any>, options?: SignOptions) {
    const org = this.enterprise
      ? { enterprise: { id: this.enterprise, name: 'Org' }, is_enterprise_install: true }
      : {};
    const body = new URLSearchParams({ payload: JSON.stringify({ ...payload, ...org }) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  /** An options (external_select) request. */
  options(actor: Actor, actionId: string, blockId: string, value: string, view?: Record<string, any>) {
    return this.interaction({
      type: 'block_suggestion',
      user: { id: actor.user, team_id: actor.team ?? 'T0001' },
      team: { id: actor.team ?? 'T0001', domain: 'test' },
      api_app_id: 'A0001',
      action_id: actionId,
      block_id: blockId,
      value,
      view,
      container: view ? { type: 'view', view_id: view.id } : undefined,
    });
  }

  viewSubmission(
    actor: Actor,
    view: Record<string, any>,
    values: Record<string, Record<string, any>>,
    options?: SignOptions,
  ) {
    return this.interaction(
      {
        type: 'view_submission',
        team: { id: actor.team ?? 'T0001', domain: 'test' },
        user: {
          id: actor.user,
          team_id: actor.team ?? 'T0001',
          name: actor.userName ?? actor.user.toLowerCase(),
        },
        api_app_id: 'A0001',
        trigger_id: this.triggerId(),
        view: { ...view, state: { values } },
        response_urls: [],
      },
      options,
    );
  }

  viewClosed(actor: Actor, view: Record<string, any>) {
    return this.interaction({
      type: 'view_closed',
      team: { id: actor.team ?? 'T0001', domain: 'test' },
      user: { id: actor.user, team_id: actor.team ?? 'T0001' },
      api_app_id: 'A0001',
      view,
      is_cleared: false,
    });
  }

  /**
   * A button (or other block element) pressed. `container` says where: a message (give channel
   * and ts), or a view (give the view).
   */
  blockAction(
    actor: Actor,
    action: { action_id: string; block_id?: string; value?: string; type?: string; selected_option?: any },
    where: { channel?: string; ts?: string; view?: Record<string, any>; message?: Record<string, any> } = {},
    options?: SignOptions,
  ) {
    const container = where.view
      ? { type: 'view', view_id: where.view.id }
      : {
          type: 'message',
          channel_id: where.channel ?? 'D0001',
          message_ts: where.ts ?? '1.000001',
          is_ephemeral: false,
        };
    return this.interaction(
      {
        type: 'block_actions',
        team: { id: actor.team ?? 'T0001', domain: 'test' },
        user: {
          id: actor.user,
          team_id: actor.team ?? 'T0001',
          name: actor.userName ?? actor.user.toLowerCase(),
        },
        api_app_id: 'A0001',
        trigger_id: this.triggerId(),
        response_url: this.responseUrl(),
        container,
        channel: where.view ? undefined : { id: where.channel ?? 'D0001', name: 'directmessage' },
        message: where.view
          ? undefined
          : (where.message ?? { ts: where.ts ?? '1.000001', text: '', blocks: [] }),
        view: where.view,
        actions: [
          { type: action.type ?? 'button', block_id: action.block_id ?? 'b', action_ts: '1.2', ...action },
        ],
      },
      options,
    );
  }

  shortcut(actor: Actor, callbackId: string) {
    return this.interaction({
      type: 'shortcut',
      callback_id: callbackId,
      team: { id: actor.team ?? 'T0001', domain: 'test' },
      user: { id: actor.user, team_id: actor.team ?? 'T0001', username: actor.user.toLowerCase() },
      api_app_id: 'A0001',
      trigger_id: this.triggerId(),
      action_ts: '1.2',
      token: 'deprecated-verification-token',
    });
  }

  /** A message shortcut (`message_action`) on a message: give its author (`user`) or a `bot_id`. */
  messageShortcut(
    actor: Actor,
    callbackId: string,
    message: { user?: string; bot_id?: string; subtype?: string; text?: string },
    channel = 'C0001',
  ) {
    return this.interaction({
      type: 'message_action',
      callback_id: callbackId,
      team: { id: actor.team ?? 'T0001', domain: 'test' },
      user: { id: actor.user, team_id: actor.team ?? 'T0001', name: actor.user.toLowerCase() },
      channel: { id: channel, name: 'general' },
      api_app_id: 'A0001',
      trigger_id: this.triggerId(),
      response_url: this.responseUrl(),
      message_ts: '1764000000.000100',
      action_ts: '1.2',
      token: 'deprecated-verification-token',
      message: { type: 'message', ts: '1764000000.000100', text: message.text ?? 'hello', ...message },
    });
  }

  /** An Events API callback, JSON. */
  event(teamId: string, event: Record<string, any>, options?: SignOptions) {
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: teamId,
      api_app_id: 'A0001',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: `Ev${++this.n}`,
      event_time: Math.floor(Date.now() / 1000),
      ...(this.enterprise ? { enterprise_id: this.enterprise } : {}),
      authorizations: [
        {
          team_id: teamId,
          user_id: 'UBOT0001',
          is_bot: true,
          ...(this.enterprise ? { enterprise_id: this.enterprise, is_enterprise_install: true } : {}),
        },
      ],
    });
    return this.post(body, 'application/json', options);
  }
}

/**
 * Builds `view.state.values` for a submission from the view the app actually opened: give each
 * input block's value by block id in plain terms (a string, a date, a user id, an option value)
 * and this turns it into what Slack would send for that element type.
 */
export function stateFor(
  view: Record<string, any>,
  inputs: Record<string, string | string[] | null | undefined>,
): Record<string, Record<string, any>> {
  const values: Record<string, Record<string, any>> = {};
  for (const block of view.blocks ?? []) {
    if (block.type !== 'input' || !block.block_id) continue;
    const el = block.element;
    const given = inputs[block.block_id];
    const v = given === undefined ? undefined : given;
    let state: Record<string, any>;
    switch (el.type) {
      case 'plain_text_input':
      case 'number_input':
        // Slack sends what the field shows: the initial value unless the person changed it.
        state = { type: el.type, value: v === undefined ? (el.initial_value ?? null) : v };
        break;
      case 'datepicker':
        state = { type: el.type, selected_date: v === undefined ? (el.initial_date ?? null) : v };
        break;
      case 'users_select':
        state = { type: el.type, selected_user: v === undefined ? (el.initial_user ?? null) : v };
        break;
      case 'static_select':
      case 'radio_buttons': {
        const options = el.options ?? el.option_groups?.flatMap((g: any) => g.options) ?? [];
        const chosen =
          v === undefined ? el.initial_option : v === null ? null : options.find((o: any) => o.value === v);
        if (v && !chosen) throw new Error(`stateFor: no option ${v} in block ${block.block_id}`);
        state = { type: el.type, selected_option: chosen ?? null };
        break;
      }
      case 'external_select':
        state = {
          type: el.type,
          selected_option:
            v === undefined
              ? (el.initial_option ?? null)
              : v === null
                ? null
                : { text: { type: 'plain_text', text: String(v) }, value: v },
        };
        break;
      case 'checkboxes':
        state = {
          type: el.type,
          selected_options: (Array.isArray(v) ? v : v ? [v] : []).map((val) =>
            el.options.find((o: any) => o.value === val),
          ),
        };
        break;
      case 'conversations_select':
        state = {
          type: el.type,
          selected_conversation: v === undefined ? (el.initial_conversation ?? null) : v,
        };
        break;
      case 'multi_users_select':
        state = {
          type: el.type,
          selected_users: v === undefined ? (el.initial_users ?? []) : Array.isArray(v) ? v : v ? [v] : [],
        };
        break;
      case 'multi_static_select': {
        const options = el.options ?? el.option_groups?.flatMap((g: any) => g.options) ?? [];
        const wanted = v === undefined ? null : Array.isArray(v) ? v : v ? [v] : [];
        const chosen =
          wanted === null
            ? (el.initial_options ?? [])
            : wanted.map((val) => {
                const o = options.find((x: any) => x.value === val);
                if (!o) throw new Error(`stateFor: no option ${val} in block ${block.block_id}`);
                return o;
              });
        state = { type: el.type, selected_options: chosen };
        break;
      }
      case 'multi_external_select':
        state = {
          type: el.type,
          selected_options:
            v === undefined
              ? (el.initial_options ?? [])
              : (Array.isArray(v) ? v : v ? [v] : []).map((val) => ({
                  text: { type: 'plain_text', text: String(val) },
                  value: val,
                })),
        };
        break;
      default:
        throw new Error(`stateFor: unsupported element ${el.type}`);
    }
    values[block.block_id] = { [el.action_id]: state };
  }
  return values;
}
