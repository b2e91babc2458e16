import { findKindBySetting } from '../../../../services/nudges/registry.js';
import { nudgeSettings, setNudgeSetting } from '../../../../services/nudges/service.js';
import { escapeMrkdwn } from '../../../../views/block-kit.js';
import { nudgeSettingsMessage } from '../../../../views/nudges.js';
import type { Subcommand } from './types.js';

/** `/onetoone nudges [kind] [on|off]`: show or change which DM nudges I get. */
export const nudgesSubcommand: Subcommand = {
  name: 'nudges',
  aliases: ['nudge'],
  usage: 'nudges [steps|reflect|cold|rhythm] [on|off]',
  summary: 'which reminders I DM you (at most one a day, in your working hours); all off or on, or one kind.',
  example: '/onetoone nudges rhythm on',
  async run(ctx) {
    const words = ctx.args.toLowerCase().split(/\s+/).filter(Boolean);
    const state = words.at(-1);
    const on = state === 'on' ? true : state === 'off' ? false : undefined;
    if (words.length === 0) {
      await ctx.reply(nudgeSettingsMessage(await nudgeSettings(ctx.deps, ctx.actor)));
      return;
    }
    if (on === undefined || words.length > 2) {
      await ctx.reply(
        nudgeSettingsMessage(
          await nudgeSettings(ctx.deps, ctx.actor),
          'Say `on` or `off`, for all nudges or one kind: e.g. `/onetoone nudges off`, `/onetoone nudges reflect off`.',
        ),
      );
      return;
    }
    if (words.length === 1) {
      await setNudgeSetting(ctx.deps, ctx.actor, '*', on);
      await ctx.reply(
        nudgeSettingsMessage(
          await nudgeSettings(ctx.deps, ctx.actor),
          on ? 'Nudges are on again.' : 'Nudges are off. I will not DM you reminders.',
        ),
      );
      return;
    }
    const kind = findKindBySetting(words[0]!);
    if (!kind) {
      await ctx.reply(
        nudgeSettingsMessage(
          await nudgeSettings(ctx.deps, ctx.actor),
          `I don’t know a nudge called “${escapeMrkdwn(words[0]!.slice(0, 30))}”. These are the kinds:`,
        ),
      );
      return;
    }
    await setNudgeSetting(ctx.deps, ctx.actor, kind.name, on);
    await ctx.reply(
      nudgeSettingsMessage(
        await nudgeSettings(ctx.deps, ctx.actor),
        `${kind.setting.label[0]!.toUpperCase()}${kind.setting.label.slice(1)}: ${on ? 'on' : 'off'}.`,
      ),
    );
  },
};
