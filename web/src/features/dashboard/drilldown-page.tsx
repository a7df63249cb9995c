// The contacts or tasks behind a dashboard figure, with the filters spelled out and paging.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';
import { num, ScrollRegion } from './charts.tsx';
import { type ContactRow, type TaskRow, toQuery, useDrillDown } from './dashboard-api.ts';
import './dashboard.css';

const labelled = [
  'from',
  'to',
  'team',
  'channel',
  'reason',
  'direction',
  'repeat',
  'resolved',
  'outsideHours',
  'hour',
  'state',
  'callbackChannel',
];

export function DrillDownPage({ kind }: { kind: 'contacts' | 'tasks' }) {
  const { t } = useTranslation();
  const title = t(`dashboard.drill.${kind}`);
  useTitle(title);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const rest = new URLSearchParams(params);
  rest.delete('page');
  const query = useDrillDown<ContactRow | TaskRow>(kind, `${rest.toString()}&page=${page}&pageSize=50`);
  const back = `/stuurinformatie?${toQuery({ from: params.get('from'), to: params.get('to'), team: params.get('team'), channel: params.get('channel') })}`;
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };
  return (
    <div className="loket-dashboard">
      <Heading level={1} tabIndex={-1}>
        {title}
      </Heading>
      <p>
        <Link className="utrecht-link" to={back}>
          {t('dashboard.drill.back')}
        </Link>
      </p>
      <dl className="loket-facts loket-facts--compact">
        {labelled
          .filter((k) => params.get(k))
          .map((k) => (
            <div key={k}>
              <dt>{t(`dashboard.drill.filter.${k}`)}</dt>
              <dd>{params.get(k)}</dd>
            </div>
          ))}
      </dl>
      {query.error ? <Alert type="error">{query.error.message}</Alert> : null}
      {data ? (
        <>
          <Paragraph>{t('dashboard.drill.count', { count: data.total, shown: num(data.total) })}</Paragraph>
          {kind === 'contacts' ? (
            <ContactTable rows={data.items as ContactRow[]} />
          ) : (
            <TaskTable rows={data.items as TaskRow[]} />
          )}
          {pages > 1 ? (
            <nav className="loket-dashboard__actions" aria-label={t('dashboard.drill.paging')}>
              <Button disabled={page <= 1} onClick={() => goTo(page - 1)}>
                {t('dashboard.drill.previous')}
              </Button>
              <span>{t('dashboard.drill.page', { page, pages })}</span>
              <Button disabled={page >= pages} onClick={() => goTo(page + 1)}>
                {t('dashboard.drill.next')}
              </Button>
            </nav>
          ) : null}
        </>
      ) : query.isLoading ? (
        <Paragraph>{t('common.loading')}</Paragraph>
      ) : null}
    </div>
  );
}

function ContactTable({ rows }: { rows: ContactRow[] }) {
  const { t } = useTranslation();
  return (
    <ListTable kind="contacts" columns={['number', 'when', 'channel', 'subject', 'reason', 'team', 'state']}>
      {rows.map((r) => (
        <tr key={r.id}>
          <td>
            <Link className="utrecht-link" to={`/contacten/${r.id}`}>
              {r.number}
            </Link>
          </td>
          <td>{formatDateTime(r.occurredAt)}</td>
          <td>
            {t(`channel.${r.channel}`, r.channel)} · {t(`direction.${r.direction}`)}
          </td>
          <td>{r.subject}</td>
          <td>{r.reason?.label ?? '–'}</td>
          <td>{r.team?.label ?? '–'}</td>
          <td>
            {r.repeatNth ? (
              <Badge tone="warning">{t('dashboard.drill.repeat', { nth: r.repeatNth })}</Badge>
            ) : null}{' '}
            {r.resolvedFirstContact ? <Badge tone="ok">{t('dashboard.drill.resolved')}</Badge> : null}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

function TaskTable({ rows }: { rows: TaskRow[] }) {
  const { t } = useTranslation();
  return (
    <ListTable kind="tasks" columns={['number', 'subject', 'team', 'created', 'due', 'status']}>
      {rows.map((r) => (
        <tr key={r.id}>
          <td>{r.number}</td>
          <td>{r.subject}</td>
          <td>{r.team?.label ?? t('dashboard.noTeam')}</td>
          <td>{formatDateTime(r.createdAt)}</td>
          <td>{formatDateTime(r.dueAt)}</td>
          <td>
            {t(`tasks.status.${r.status}`, r.status)}
            {r.escalated ? <Badge tone="danger">{t('dashboard.drill.escalated')}</Badge> : null}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

/** The table frame of a drill-down list: caption, column headers, scrollable on narrow screens. */
function ListTable(props: { kind: 'contacts' | 'tasks'; columns: string[]; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ScrollRegion label={t(`dashboard.drill.${props.kind}`)}>
      <table className="loket-table">
        <caption className="loket-visually-hidden">{t(`dashboard.drill.${props.kind}`)}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col">
                {t(`dashboard.drill.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </ScrollRegion>
  );
}

export const ContactsBehindPage = () => <DrillDownPage kind="contacts" />;
export const TasksBehindPage = () => <DrillDownPage kind="tasks" />;
