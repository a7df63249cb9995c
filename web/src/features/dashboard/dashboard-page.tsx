// Stuurinformatie for managers: every contact on every channel, reasons, repeat contacts, callback
// terms, for a period, team and channel; refreshed live; each figure opens the list behind it.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Button, Heading, Paragraph, Select, TextField } from '../../ui/index.ts';
import { BarList, ColumnChart, Figure, num, pct, ScrollRegion, signedPct, TableView } from './charts.tsx';
import {
  type Dashboard,
  type Filters,
  toQuery,
  useDashboard,
  useDashboardLive,
  useFilterLists,
} from './dashboard-api.ts';
import './dashboard.css';
import { HandlingTimes } from './handling-times.tsx';

const weekday = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short' });
const timeFmt = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export default function DashboardPage() {
  const { t } = useTranslation();
  useTitle(t('dashboard.title'));
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    team: params.get('team') ?? undefined,
    channel: params.get('channel') ?? undefined,
  };
  const query = useDashboard(filters);
  const live = useDashboardLive();
  const d = query.data;
  return (
    <div className="loket-dashboard">
      <Heading level={1} tabIndex={-1}>
        {t('dashboard.title')}
      </Heading>
      <Paragraph lead>{t('dashboard.intro')}</Paragraph>
      <FilterForm
        key={`${params.toString()}|${d?.period.from ?? ''}`}
        filters={filters}
        data={d}
        onApply={(f) => setParams(toQuery(f))}
      />
      <p className="loket-dashboard__status" role="status">
        {live.connected ? t('dashboard.live') : t('dashboard.notLive')}
        {live.updatedAt ? ` ${t('dashboard.updatedAt', { time: timeFmt.format(live.updatedAt) })}` : ''}
      </p>
      {query.error ? <Alert type="error">{query.error.message}</Alert> : null}
      {d ? <Figures d={d} /> : query.isLoading ? <Paragraph>{t('common.loading')}</Paragraph> : null}
    </div>
  );
}

function FilterForm(props: { filters: Filters; data: Dashboard | undefined; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const lists = useFilterLists();
  const [from, setFrom] = useState(props.filters.from ?? props.data?.period.from ?? '');
  const [to, setTo] = useState(props.filters.to ?? props.data?.period.to ?? '');
  const [team, setTeam] = useState(props.filters.team ?? '');
  const [channel, setChannel] = useState(props.filters.channel ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply({ from, to, team, channel });
  };
  const exportQuery = toQuery({ ...props.filters });
  return (
    <form className="loket-dashboard__filters" onSubmit={submit} aria-label={t('dashboard.filters')}>
      <TextField label={t('dashboard.from')} type="date" value={from} onValue={setFrom} />
      <TextField label={t('dashboard.to')} type="date" value={to} onValue={setTo} />
      <Select
        label={t('dashboard.team')}
        value={team}
        onValue={setTeam}
        options={[
          { value: '', label: t('dashboard.allTeams') },
          ...lists.teams.map((x) => ({ value: x.code, label: x.name })),
          { value: 'geen', label: t('dashboard.noTeam') },
        ]}
      />
      <Select
        label={t('dashboard.channel')}
        value={channel}
        onValue={setChannel}
        options={[
          { value: '', label: t('dashboard.allChannels') },
          ...lists.channels.map((x) => ({ value: x.code, label: x.label })),
        ]}
      />
      <div className="loket-dashboard__actions">
        <Button type="submit" variant="primary">
          {t('dashboard.apply')}
        </Button>
        <a className="utrecht-link" href={`/api/v1/insights/dashboard.csv?${exportQuery}`} download>
          {t('dashboard.exportCsv')}
        </a>
        <a className="utrecht-link" href={`/api/v1/insights/dashboard?${exportQuery}`}>
          {t('dashboard.exportJson')}
        </a>
      </div>
    </form>
  );
}

function Figures({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const base = {
    from: d.period.from,
    to: d.period.to,
    team: d.filters.team?.code ?? (d.filters.team ? 'geen' : undefined),
    channel: d.filters.channel?.code ?? undefined,
  };
  const contacts = (extra: Record<string, string | number | boolean | undefined>) =>
    `/stuurinformatie/contacten?${toQuery({ ...base, ...extra })}`;
  const tasks = (extra: Record<string, string | undefined>) =>
    `/stuurinformatie/taken?${toQuery({ ...base, channel: undefined, ...extra })}`;
  const teamParam = (r: { code: string | null }) => r.code ?? 'geen';
  const reasonParam = (r: { id: string | null; code: string | null }) => r.code ?? r.id ?? 'geen';

  const byBucket = new Map<string, number>();
  for (const p of d.series.points) byBucket.set(p.start, (byBucket.get(p.start) ?? 0) + p.contacts);
  const byHour = Array.from({ length: 24 }, (_, h) =>
    d.hours.filter((x) => x.hour === h).reduce((s, x) => s + x.contacts, 0),
  );
  const bucketLabel = (start: string) => weekday.format(new Date(`${start}T12:00:00`));

  return (
    <>
      <p className="loket-muted">
        {t('dashboard.period', {
          from: d.period.from,
          to: d.period.to,
          days: d.period.days,
          previousFrom: d.period.previousFrom,
          previousTo: d.period.previousTo,
        })}
      </p>
      <ul className="loket-kpis" aria-label={t('dashboard.kpis')}>
        <Kpi
          label={t('dashboard.kpi.contacts')}
          value={num(d.totals.contacts)}
          note={t('dashboard.kpi.previous', { count: d.totals.previousContacts })}
          href={contacts({})}
        />
        <Kpi
          label={t('dashboard.kpi.fcr')}
          value={pct(d.totals.firstContactResolutionRate)}
          note={t('dashboard.kpi.fcrNote', { count: d.totals.resolvedFirst })}
          href={contacts({ resolved: true })}
        />
        <Kpi
          label={t('dashboard.kpi.repeats')}
          value={pct(d.totals.repeatRate)}
          note={t('dashboard.kpi.repeatsNote', { count: d.totals.repeats, days: d.repeatWindowDays })}
          href={contacts({ repeat: true })}
        />
        <Kpi
          label={t('dashboard.kpi.outside')}
          value={num(d.outsideHours.contacts)}
          note={d.outsideHours.schedule}
          href={contacts({ outsideHours: true })}
        />
      </ul>

      <div className="loket-dashboard__grid">
        <Figure id="fig-channels" title={t('dashboard.channels')} intro={t('dashboard.channelsIntro')}>
          <BarList
            label={t('dashboard.channels')}
            rows={d.channels.map((c) => ({
              key: c.channel,
              label: c.label,
              value: c.contacts,
              display: `${num(c.contacts)} (${pct(c.share)})`,
              note: signedPct(c.change),
              href: contacts({ channel: c.channel }),
            }))}
          />
          <TableView
            caption={t('dashboard.channels')}
            head={[
              t('dashboard.col.channel'),
              t('dashboard.col.contacts'),
              t('dashboard.col.share'),
              t('dashboard.col.previous'),
              t('dashboard.col.change'),
            ]}
            rows={d.channels.map((c) => ({
              key: c.channel,
              cells: [c.label, num(c.contacts), pct(c.share), num(c.previous), signedPct(c.change)],
            }))}
          />
        </Figure>

        <Figure id="fig-trend" title={t(`dashboard.trend.${d.series.bucket}`)}>
          <ColumnChart
            label={t('dashboard.trendAlt', { count: byBucket.size })}
            columns={[...byBucket.entries()].map(([start, value]) => ({
              key: start,
              label: bucketLabel(start),
              value,
            }))}
          />
          <TableView
            caption={t(`dashboard.trend.${d.series.bucket}`)}
            head={[t('dashboard.col.start'), t('dashboard.col.channel'), t('dashboard.col.contacts')]}
            rows={d.series.points.map((p) => ({
              key: `${p.start}-${p.channel}`,
              cells: [p.start, channelLabel(d, p.channel), num(p.contacts)],
            }))}
          />
        </Figure>

        <Figure id="fig-hours" title={t('dashboard.hours')} intro={t('dashboard.hoursIntro')}>
          <ColumnChart
            label={t('dashboard.hoursAlt')}
            columns={byHour.map((value, h) => ({ key: String(h), label: String(h), value }))}
          />
          <TableView
            caption={t('dashboard.hours')}
            head={[t('dashboard.col.hour'), t('dashboard.col.channel'), t('dashboard.col.contacts')]}
            rows={d.hours.map((h) => ({
              key: `${h.hour}-${h.channel}`,
              cells: [
                `${String(h.hour).padStart(2, '0')}:00`,
                channelLabel(d, h.channel),
                <Link key="l" className="utrecht-link" to={contacts({ hour: h.hour, channel: h.channel })}>
                  {num(h.contacts)}
                </Link>,
              ],
            }))}
          />
        </Figure>

        <Figure id="fig-reasons" title={t('dashboard.reasons')} intro={t('dashboard.reasonsIntro')}>
          <BarList
            label={t('dashboard.reasons')}
            rows={d.reasons.slice(0, 10).map((r) => ({
              key: r.id ?? 'geen',
              label: r.label,
              value: r.contacts,
              note: signedPct(r.change),
              href: contacts({ reason: reasonParam(r) }),
            }))}
          />
          <TableView
            caption={t('dashboard.reasons')}
            head={[
              t('dashboard.col.reason'),
              t('dashboard.col.contacts'),
              t('dashboard.col.previous'),
              t('dashboard.col.change'),
              t('dashboard.col.fcr'),
              t('dashboard.col.repeatRate'),
            ]}
            rows={d.reasons.map((r) => ({
              key: r.id ?? 'geen',
              cells: [
                r.label,
                num(r.contacts),
                num(r.previous),
                signedPct(r.change),
                pct(r.firstContactResolutionRate),
                pct(r.repeatRate),
              ],
            }))}
          />
        </Figure>

        <Figure
          id="fig-repeat-reasons"
          title={t('dashboard.repeatReasons')}
          intro={t('dashboard.repeatIntro', { days: d.repeatWindowDays })}
        >
          {d.repeatsByReason.length === 0 ? <Paragraph>{t('dashboard.noRepeats')}</Paragraph> : null}
          <BarList
            label={t('dashboard.repeatReasons')}
            rows={d.repeatsByReason.slice(0, 10).map((r) => ({
              key: r.id ?? 'geen',
              label: r.label,
              value: r.repeats,
              note: pct(r.repeatRate),
              href: contacts({ reason: reasonParam(r), repeat: true }),
            }))}
          />
          <TableView
            caption={t('dashboard.repeatReasons')}
            head={[
              t('dashboard.col.reason'),
              t('dashboard.col.inbound'),
              t('dashboard.col.repeats'),
              t('dashboard.col.repeatRate'),
            ]}
            rows={d.repeatsByReason.map((r) => ({
              key: r.id ?? 'geen',
              cells: [r.label, num(r.inbound), num(r.repeats), pct(r.repeatRate)],
            }))}
          />
        </Figure>

        <Figure id="fig-repeat-teams" title={t('dashboard.repeatTeams')}>
          <BarList
            label={t('dashboard.repeatTeams')}
            rows={d.repeatsByTeam.map((r) => ({
              key: r.id ?? 'geen',
              label: r.label,
              value: r.repeats,
              note: pct(r.repeatRate),
              href: contacts({ team: teamParam(r), repeat: true }),
            }))}
          />
          <TableView
            caption={t('dashboard.repeatTeams')}
            head={[
              t('dashboard.col.team'),
              t('dashboard.col.inbound'),
              t('dashboard.col.repeats'),
              t('dashboard.col.repeatRate'),
            ]}
            rows={d.repeatsByTeam.map((r) => ({
              key: r.id ?? 'geen',
              cells: [r.label, num(r.inbound), num(r.repeats), pct(r.repeatRate)],
            }))}
          />
        </Figure>
      </div>

      <Figure id="fig-callbacks" title={t('dashboard.callbacks')} intro={d.callbacks.note}>
        {d.callbacks.teams.length === 0 ? (
          <Paragraph>{t('dashboard.noCallbacks')}</Paragraph>
        ) : (
          <ScrollRegion label={t('dashboard.callbacks')}>
            <table className="loket-table">
              <caption className="loket-visually-hidden">{t('dashboard.callbacks')}</caption>
              <thead>
                <tr>
                  {(['team', 'opened', 'doneWithinTerm', 'open', 'overdue', 'escalated'] as const).map(
                    (c) => (
                      <th key={c} scope="col">
                        {t(`dashboard.col.${c}`)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {d.callbacks.teams.map((r) => {
                  const link = (state: string, n: number) => (
                    <Link className="utrecht-link" to={tasks({ team: teamParam(r), state })}>
                      {num(n)}
                    </Link>
                  );
                  return (
                    <tr key={r.id ?? 'geen'}>
                      <th scope="row">{r.label}</th>
                      <td>{link('opened', r.opened)}</td>
                      <td>
                        {link('within_term', r.doneWithinTerm)}{' '}
                        <span className="loket-muted">{t('dashboard.ofDone', { count: r.done })}</span>
                      </td>
                      <td>{link('open', r.open)}</td>
                      <td>{link('overdue', r.overdue)}</td>
                      <td>{link('escalated', r.escalated)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Figure>

      <div className="loket-dashboard__grid">
        <Figure id="fig-answer" title={t('dashboard.answerTimes')} intro={t('dashboard.answerIntro')}>
          {d.answerTimes.length === 0 ? <Paragraph>{t('dashboard.noAnswers')}</Paragraph> : null}
          <BarList
            label={t('dashboard.answerTimes')}
            rows={d.answerTimes.map((a) => ({
              key: a.channel,
              label: a.label,
              value: a.withinTermRate ?? 0,
              display: t('dashboard.withinNorm', { rate: pct(a.withinTermRate) }),
              note: a.averageHours === null ? undefined : t('dashboard.avgHours', { hours: a.averageHours }),
              href: tasks({ state: 'done', callbackChannel: a.channel }),
            }))}
          />
          <TableView
            caption={t('dashboard.answerTimes')}
            head={[
              t('dashboard.col.channel'),
              t('dashboard.col.done'),
              t('dashboard.col.withinTerm'),
              t('dashboard.col.avgHours'),
            ]}
            rows={d.answerTimes.map((a) => ({
              key: a.channel,
              cells: [
                a.label,
                num(a.done),
                pct(a.withinTermRate),
                a.averageHours === null ? '–' : String(a.averageHours).replace('.', ','),
              ],
            }))}
          />
        </Figure>
        <HandlingTimes data={d.handlingTimes} />
        <Figure id="fig-kto" title={t('dashboard.satisfaction')} intro={d.satisfaction.message}>
          {d.satisfaction.status === 'gemeten' ? (
            <>
              <Paragraph>
                {t('dashboard.ktoSummary', {
                  average: String(d.satisfaction.average).replace('.', ','),
                  count: d.satisfaction.responses,
                  positive: pct(d.satisfaction.positiveRate),
                })}
              </Paragraph>
              <BarList
                label={t('dashboard.satisfaction')}
                rows={(d.satisfaction.channels ?? []).map((c) => ({
                  key: c.channel,
                  label: c.label,
                  value: c.average,
                  display: String(c.average).replace('.', ','),
                  note: t('dashboard.ktoResponses', { count: c.responses }),
                }))}
              />
            </>
          ) : null}
        </Figure>
      </div>
    </>
  );
}

const channelLabel = (d: Dashboard, code: string) =>
  d.channels.find((c) => c.channel === code)?.label ?? code;

function Kpi(props: { label: string; value: string; note: string; href: string }) {
  return (
    <li className="loket-kpi">
      <Link className="loket-kpi__link" to={props.href}>
        <span className="loket-kpi__label">{props.label}</span>
        <span className="loket-kpi__value">{props.value}</span>
      </Link>
      <span className="loket-kpi__note loket-muted">{props.note}</span>
    </li>
  );
}
