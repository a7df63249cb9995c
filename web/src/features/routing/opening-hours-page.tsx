// Beheer → Openingstijden: the weekly hours per channel (several periods a day), whether messages
// are taken in outside them, the auto-reply, and dated exceptions (Christmas Eve until 15:00).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import {
  Alert,
  Button,
  formatDate,
  Heading,
  Paragraph,
  Select,
  TextArea,
  TextField,
  Toggle,
} from '../../ui/index.ts';
import { AdminFrame, FormCard, StatusMessage, SubmitRow, Table } from '../admin/admin-frame.tsx';
import { fieldError } from '../admin/field-error.ts';
import { formatPeriods, parsePeriods, type Schedule, useLists, useOpeningHours } from './routing-api.ts';
import './texts.ts';
import './routing.css';

const dayKeys = ['1', '2', '3', '4', '5', '6', '7'];

function useDayNames(): string[] {
  const { t } = useTranslation();
  return t('routing.hours.days', { returnObjects: true }) as string[];
}

function ScheduleForm(props: {
  schedule: Schedule | null;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const lists = useLists();
  const days = useDayNames();
  const s = props.schedule;
  const [channel, setChannel] = useState(s?.channel ?? 'phone');
  const [week, setWeek] = useState<Record<string, string>>(
    Object.fromEntries(dayKeys.map((d) => [d, formatPeriods(s?.weekly[d])])),
  );
  const [alwaysAccepted, setAlwaysAccepted] = useState(s?.alwaysAccepted ?? false);
  const [autoReply, setAutoReply] = useState(s?.autoReply ?? '');
  const [alternatives, setAlternatives] = useState(s?.alternatives ?? '');
  const label = (code: string) => lists.data?.channels.find((c) => c.code === code)?.label ?? code;
  const save = useMutation({
    mutationFn: () =>
      api('PUT', '/opening-hours', {
        channel,
        teamId: s?.teamId ?? null,
        alwaysAccepted,
        weekly: Object.fromEntries(dayKeys.map((d) => [d, parsePeriods(week[d] ?? '')])),
        autoReply: autoReply || null,
        alternatives: alternatives || null,
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['routing', 'opening-hours'] });
      props.onDone(t('routing.hours.saved', { channel: label(channel) }));
    },
  });
  return (
    <FormCard
      id="hours-form-title"
      title={s ? t('routing.hours.editTitle', { channel: label(s.channel) }) : t('routing.hours.newTitle')}
      error={save.error}
      onSubmit={() => save.mutate()}
    >
      {s ? null : (
        <Select
          id="hours-channel"
          label={t('routing.hours.channel')}
          value={channel}
          onValue={setChannel}
          options={(lists.data?.channels ?? []).map((c) => ({ value: c.code, label: c.label }))}
        />
      )}
      <div className="loket-routing__week">
        {dayKeys.map((d, i) => (
          <TextField
            key={d}
            id={`hours-day-${d}`}
            label={days[i]}
            description={i === 0 ? t('routing.hours.periodsHelp') : undefined}
            value={week[d] ?? ''}
            onValue={(v) => setWeek((w) => ({ ...w, [d]: v }))}
            error={fieldError(save.error, `weekly.${d}`)}
            placeholder={t('routing.hours.closed')}
          />
        ))}
      </div>
      <Toggle
        id="hours-always"
        label={t('routing.hours.alwaysAcceptedLabel')}
        checked={alwaysAccepted}
        onChange={setAlwaysAccepted}
      />
      <TextArea
        id="hours-auto-reply"
        label={t('routing.hours.autoReply')}
        description={t('routing.hours.autoReplyHelp')}
        value={autoReply}
        onValue={setAutoReply}
        rows={3}
      />
      <TextArea
        id="hours-alternatives"
        label={t('routing.hours.alternatives')}
        value={alternatives}
        onValue={setAlternatives}
        rows={2}
      />
      <SubmitRow editing busy={save.isPending} onCancel={props.onCancel} />
    </FormCard>
  );
}

function Exceptions(props: { onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const hours = useOpeningHours();
  const lists = useLists();
  const [day, setDay] = useState('');
  const [channel, setChannel] = useState('');
  const [times, setTimes] = useState('');
  const [reason, setReason] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['routing', 'opening-hours'] });
  const label = (code: string | null) =>
    code
      ? (lists.data?.channels.find((c) => c.code === code)?.label ?? code)
      : t('routing.hours.allChannels');
  const add = useMutation({
    mutationFn: () =>
      api('POST', '/opening-hours/exceptions', {
        day,
        channel: channel || null,
        periods: parsePeriods(times),
        reason,
      }),
    onSuccess: async () => {
      await refresh();
      props.onMessage(t('routing.hours.exceptionAdded', { date: formatDate(day) }));
      setDay('');
      setTimes('');
      setReason('');
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/opening-hours/exceptions/${id}`),
    onSuccess: async (_x, id) => {
      const e = hours.data?.exceptions.find((x) => x.id === id);
      await refresh();
      props.onMessage(t('routing.hours.exceptionRemoved', { date: e ? formatDate(e.day) : '' }));
    },
  });
  const list = hours.data?.exceptions ?? [];
  return (
    <section aria-labelledby="exceptions-title">
      <Heading level={2} id="exceptions-title">
        {t('routing.hours.exceptionsTitle')}
      </Heading>
      <Paragraph>{t('routing.hours.exceptionsIntro')}</Paragraph>
      {remove.error ? <Alert type="error">{remove.error.message}</Alert> : null}
      {hours.data && list.length === 0 ? <Paragraph>{t('routing.hours.noExceptions')}</Paragraph> : null}
      {list.length > 0 ? (
        <Table
          caption={t('routing.hours.exceptionsTitle')}
          headers={[
            t('routing.hours.date'),
            t('routing.hours.channel'),
            t('routing.hours.times'),
            t('routing.hours.reason'),
            t('admin.actions'),
          ]}
        >
          {list.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.day)}</td>
              <td>{label(e.channel)}</td>
              <td>{e.periods.length ? formatPeriods(e.periods) : t('routing.hours.closed')}</td>
              <td>{e.reason}</td>
              <td>
                <Button
                  aria-label={t('routing.hours.removeLabel', { date: formatDate(e.day) })}
                  onClick={() => remove.mutate(e.id)}
                >
                  {t('routing.hours.remove')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <FormCard
        id="exception-form-title"
        title={t('routing.hours.addException')}
        error={add.error}
        onSubmit={() => add.mutate()}
        level={3}
      >
        <div className="loket-form__row">
          <TextField
            id="exception-day"
            type="date"
            label={t('routing.hours.date')}
            value={day}
            onValue={setDay}
            error={fieldError(add.error, 'day')}
            required
          />
          <Select
            id="exception-channel"
            label={t('routing.hours.channel')}
            value={channel}
            onValue={setChannel}
            options={[
              { value: '', label: t('routing.hours.allChannels') },
              ...(lists.data?.channels ?? []).map((c) => ({ value: c.code, label: c.label })),
            ]}
          />
          <TextField
            id="exception-times"
            label={t('routing.hours.times')}
            description={t('routing.hours.periodsHelp')}
            value={times}
            onValue={setTimes}
            error={fieldError(add.error, 'periods')}
          />
          <TextField
            id="exception-reason"
            label={t('routing.hours.reason')}
            value={reason}
            onValue={setReason}
            error={fieldError(add.error, 'reason')}
            required
          />
        </div>
        <SubmitRow editing={false} busy={add.isPending} disabled={!day} />
      </FormCard>
    </section>
  );
}

export default function OpeningHoursPage() {
  const { t } = useTranslation();
  const hours = useOpeningHours();
  const lists = useLists();
  const days = useDayNames();
  const [message, setMessage] = useState('');
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const label = (code: string) => lists.data?.channels.find((c) => c.code === code)?.label ?? code;
  const team = (id: string | null) => (id ? (lists.data?.teams.find((x) => x.id === id)?.name ?? '') : '');
  return (
    <AdminFrame title={t('routingAdmin.hours.title')} intro={t('routing.hours.intro')}>
      <StatusMessage message={message} />
      {hours.error ? <Alert type="error">{hours.error.message}</Alert> : null}
      <section aria-labelledby="schedules-title">
        <Heading level={2} id="schedules-title">
          {t('routing.hours.schedulesTitle')}
        </Heading>
        <Table
          caption={t('routing.hours.schedulesTitle')}
          headers={[
            t('routing.hours.channel'),
            t('routing.hours.week'),
            t('routing.hours.accepts'),
            t('admin.actions'),
          ]}
        >
          {(hours.data?.schedules ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                {label(s.channel)}
                {s.teamId ? (
                  <div className="loket-muted">{t('routing.hours.team', { team: team(s.teamId) })}</div>
                ) : null}
              </td>
              <td>
                <ul className="loket-routing__days">
                  {dayKeys.map((d, i) => (
                    <li key={d}>
                      <span className="loket-routing__day">{days[i]}</span>{' '}
                      {s.weekly[d]?.length ? formatPeriods(s.weekly[d]) : t('routing.hours.closed')}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{s.alwaysAccepted ? t('routing.hours.alwaysAccepted') : t('routing.hours.onlyOpen')}</td>
              <td>
                <Button
                  aria-label={t('routing.hours.editLabel', { channel: label(s.channel) })}
                  onClick={() => setEditing(s)}
                >
                  {t('routing.hours.edit')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
        {editing === null ? (
          <Button onClick={() => setEditing('new')}>{t('routing.hours.newTitle')}</Button>
        ) : (
          <ScheduleForm
            key={editing === 'new' ? 'new' : editing.id}
            schedule={editing === 'new' ? null : editing}
            onDone={(m) => {
              setMessage(m);
              setEditing(null);
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </section>
      <Exceptions onMessage={setMessage} />
    </AdminFrame>
  );
}
