// Handling times per channel, only where a duration is recorded (call duration, queue item picked up
// → handled); a channel without a measurement says so and why, instead of showing a zero.
import { useTranslation } from 'react-i18next';
import { Paragraph } from '../../ui/index.ts';
import { BarList, Figure, num, TableView } from './charts.tsx';
import type { Dashboard } from './dashboard-api.ts';

const minutes = (m: number | null) => (m === null ? '–' : String(m).replace('.', ','));

export function HandlingTimes({ data }: { data: Dashboard['handlingTimes'] }) {
  const { t } = useTranslation();
  const title = t('dashboard.handlingTimes');
  const measured = data.channels.filter((c) => c.measured);
  const without = data.channels.filter((c) => !c.measured);
  return (
    <Figure id="fig-handling" title={title} intro={data.message}>
      <BarList
        label={title}
        rows={measured.map((c) => ({
          key: `${c.channel}-${c.source}`,
          label: `${c.label} (${c.sourceLabel.toLowerCase()})`,
          value: c.averageMinutes ?? 0,
          display: t('dashboard.avgMinutes', {
            defaultValue: 'gem. {{minutes}} min',
            minutes: minutes(c.averageMinutes),
          }),
          note: t('dashboard.measuredCount', { defaultValue: '{{count}} gemeten', count: c.handled }),
        }))}
      />
      {without.length > 0 ? (
        <ul className="loket-dashboard__notes">
          {without.map((c) => (
            <li key={c.channel}>
              <Paragraph>
                <strong>{c.label}</strong>: {c.note}
              </Paragraph>
            </li>
          ))}
        </ul>
      ) : null}
      {data.channels.length > 0 ? (
        <TableView
          caption={title}
          head={[
            t('dashboard.col.channel'),
            t('dashboard.col.source', { defaultValue: 'Bron' }),
            t('dashboard.col.measured', { defaultValue: 'Gemeten' }),
            t('dashboard.col.avgMinutes', { defaultValue: 'Gemiddeld (minuten)' }),
          ]}
          rows={data.channels.map((c) => ({
            key: `${c.channel}-${c.source ?? 'geen'}`,
            cells: [c.label, c.sourceLabel, c.measured ? num(c.handled) : '–', minutes(c.averageMinutes)],
          }))}
        />
      ) : null}
    </Figure>
  );
}
