// Handling times per channel, only where a duration is really recorded (migration 20261204T0740).
import type * as repo from './insights.repo.ts';
import type { Dashboard } from './insights.schemas.ts';

const ratioRound = (n: number) => Math.round(n * 10) / 10;

const sourceLabels = { call: 'Gespreksduur (telefonie)', queue: 'Wachtrij: opgepakt tot afgehandeld' };

/** Handling times only where a duration is really recorded; every other channel says so. */
export function handlingOut(
  rows: repo.HandlingRow[],
  channelsInPeriod: string[],
  labels: Map<string, string>,
): Dashboard['handlingTimes'] {
  const measured = rows.map((r) => ({
    channel: r.channel,
    label: labels.get(r.channel) ?? r.channel,
    measured: true,
    source: r.source,
    sourceLabel: sourceLabels[r.source],
    handled: r.handled,
    averageMinutes: ratioRound(r.seconds / r.handled / 60),
    note: null,
  }));
  const without = channelsInPeriod
    .filter((c) => !rows.some((r) => r.channel === c))
    .map((c) => ({
      channel: c,
      label: labels.get(c) ?? c,
      measured: false,
      source: null,
      sourceLabel: 'Niet gemeten',
      handled: 0,
      averageMinutes: null,
      note:
        c === 'webchat'
          ? 'Niet gemeten: het moment waarop een medewerker de chat aanneemt wordt niet vastgelegd.'
          : 'Niet gemeten: geen gespreksduur en geen afgehandelde wachtrij-items in deze periode.',
    }));
  const all = [...measured, ...without].sort(
    (a, b) => a.label.localeCompare(b.label, 'nl') || a.sourceLabel.localeCompare(b.sourceLabel, 'nl'),
  );
  return measured.length
    ? {
        status: 'gemeten',
        message:
          'Gemiddelde afhandeltijd per kanaal, alleen waar een duur echt wordt vastgelegd: de gespreksduur van telefonie, en wachtrij-items van opgepakt tot afgehandeld.',
        channels: all,
      }
    : {
        status: 'niet_gemeten',
        message:
          'Nog geen metingen in deze periode: geen gespreksduur van telefonie en geen afgehandelde wachtrij-items.',
        channels: all,
      };
}
