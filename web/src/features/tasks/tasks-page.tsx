// Tasks inbox: mine / my teams / overdue / due today; claim and complete with a result.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { post } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import type { Task } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, formatDateTime, Heading, Paragraph, Select } from '../../ui/index.ts';
import { type InboxView, useTasks } from './task-api.ts';

const views: InboxView[] = ['mine', 'team', 'overdue', 'today'];
const results = ['reached_answered', 'not_reached', 'answered_in_writing'] as const;

function ownerName(task: Task): string {
  const o = task.owner as Record<string, unknown> | null | undefined;
  if (!o) return '';
  if (typeof o.name === 'string') return o.name;
  const emp = o.employee as { name?: string } | null | undefined;
  const team = o.team as { name?: string } | null | undefined;
  return emp?.name ?? team?.name ?? '';
}

function TaskRow({ task, onDone }: { task: Task; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [completing, setCompleting] = useState(false);
  const [result, setResult] = useState<string>(results[0]);
  const refresh = () => qc.invalidateQueries({ queryKey: ['tasks'] });
  const claim = useMutation({
    mutationFn: () => post(`/tasks/${task.id}/claim`),
    onSuccess: () => {
      onDone(t('tasks.claimed', { subject: task.subject ?? task.title }));
      return refresh();
    },
  });
  const complete = useMutation({
    mutationFn: () => post(`/tasks/${task.id}/complete`, { result }),
    onSuccess: () => {
      onDone(t('tasks.completed', { subject: task.subject ?? task.title }));
      return refresh();
    },
  });
  const overdue = task.dueAt ? new Date(task.dueAt).getTime() < Date.now() : false;
  const mine = task.assignee?.id === me.data?.id;
  const error = claim.error ?? complete.error;
  return (
    <tr>
      <td>
        <strong>{task.subject ?? task.title}</strong>
        {task.partyId ? (
          <div>
            <Link className="utrecht-link" to={`/klanten/${task.partyId}`}>
              {t('tasks.toCustomer')}
            </Link>
          </div>
        ) : null}
        {error ? <Alert type="error">{error.message}</Alert> : null}
      </td>
      <td>
        {ownerName(task)}
        {task.assignee ? (
          <div className="loket-muted">{t('tasks.assignee', { name: task.assignee.name })}</div>
        ) : null}
      </td>
      <td>
        {formatDateTime(task.dueAt)} {overdue ? <Badge tone="danger">{t('tasks.overdue')}</Badge> : null}
      </td>
      <td>{t(`tasks.status.${task.status}`, task.status)}</td>
      <td>
        <div className="loket-task-actions">
          {!mine ? (
            <Button onClick={() => claim.mutate()} busy={claim.isPending}>
              {t('tasks.claim')}
            </Button>
          ) : null}
          {completing ? (
            <div className="loket-complete">
              <Select
                label={t('tasks.result')}
                value={result}
                onValue={setResult}
                options={results.map((r) => ({ value: r, label: t(`tasks.results.${r}`) }))}
              />
              <Button variant="primary" onClick={() => complete.mutate()} busy={complete.isPending}>
                {t('tasks.confirmComplete')}
              </Button>
            </div>
          ) : (
            <Button onClick={() => setCompleting(true)}>{t('tasks.complete')}</Button>
          )}
        </div>
      </td>
    </tr>
  );
}

export default function TasksPage() {
  const { t } = useTranslation();
  useTitle(t('tasks.title'));
  const [params, setParams] = useSearchParams();
  const view = (views as string[]).includes(params.get('weergave') ?? '')
    ? (params.get('weergave') as InboxView)
    : 'mine';
  const tasks = useTasks(view);
  const [message, setMessage] = useState('');
  return (
    <>
      <Heading level={1} tabIndex={-1}>
        {t('tasks.title')}
      </Heading>
      <fieldset className="loket-segments">
        <legend className="loket-visually-hidden">{t('tasks.viewLabel')}</legend>
        {views.map((v) => (
          <Button
            key={v}
            variant={v === view ? 'primary' : 'secondary'}
            aria-pressed={v === view}
            onClick={() => setParams({ weergave: v })}
          >
            {t(`tasks.views.${v}`)}
          </Button>
        ))}
      </fieldset>
      <p role="status" className="loket-muted">
        {message}
      </p>
      {tasks.error ? <Alert type="error">{tasks.error.message}</Alert> : null}
      {tasks.data && tasks.data.length === 0 ? <Paragraph>{t('tasks.empty')}</Paragraph> : null}
      {tasks.data && tasks.data.length > 0 ? (
        <table className="utrecht-table utrecht-table--html-table loket-table">
          <caption className="utrecht-table__caption loket-visually-hidden">
            {t(`tasks.views.${view}`)}
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('tasks.subject')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('tasks.owner')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('tasks.due')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('tasks.statusLabel')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('tasks.actions')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {tasks.data.map((task) => (
              <TaskRow key={task.id} task={task} onDone={setMessage} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
