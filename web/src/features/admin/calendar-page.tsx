// Opening days: Dutch public holidays (computed) and the municipality's own closing days.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../app/api.ts';
import { Alert, Button, formatDate, Heading, Paragraph, Select, TextField } from '../../ui/index.ts';
import { AdminFrame, StatusMessage, Table } from './admin-frame.tsx';
import { fieldError } from './field-error.ts';

type Calendar = {
  year: number;
  holidays: { date: string; name: string }[];
  closingDays: { day: string; reason: string }[];
};

const weekday = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', timeZone: 'UTC' });
const dayName = (iso: string) => weekday.format(new Date(`${iso.slice(0, 10)}T12:00:00Z`));

export default function CalendarPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [day, setDay] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const calendar = useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: () => get<Calendar>(`/calendar?year=${year}`),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'calendar'] });
  const add = useMutation({
    mutationFn: () => api('PUT', `/calendar/closing-days/${day}`, { reason }),
    onSuccess: () => {
      setMessage(t('admin.calendar.added', { date: formatDate(day) }));
      setDay('');
      setReason('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (d: string) => api('DELETE', `/calendar/closing-days/${d}`),
    onSuccess: (_r, d) => {
      setMessage(t('admin.calendar.removed', { date: formatDate(d) }));
      return refresh();
    },
  });
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];

  return (
    <AdminFrame title={t('admin.pages.calendar.title')} intro={t('admin.pages.calendar.text')}>
      <StatusMessage message={message} />
      <div className="loket-form">
        <Select
          id="calendar-year"
          label={t('admin.calendar.year')}
          value={String(year)}
          onValue={(v) => setYear(Number(v))}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
      </div>
      {calendar.error ? <Alert type="error">{calendar.error.message}</Alert> : null}
      {remove.error ? <Alert type="error">{remove.error.message}</Alert> : null}
      <section aria-labelledby="closing-title">
        <Heading level={2} id="closing-title">
          {t('admin.calendar.closingTitle', { year })}
        </Heading>
        <Paragraph>{t('admin.calendar.closingIntro')}</Paragraph>
        {calendar.data && calendar.data.closingDays.length === 0 ? (
          <Paragraph>{t('admin.calendar.noClosing', { year })}</Paragraph>
        ) : null}
        {calendar.data && calendar.data.closingDays.length > 0 ? (
          <Table
            caption={t('admin.calendar.closingTitle', { year })}
            headers={[t('admin.calendar.date'), t('admin.calendar.reason'), t('admin.actions')]}
          >
            {calendar.data.closingDays.map((c) => (
              <tr key={c.day}>
                <td>
                  {dayName(c.day)} {formatDate(c.day)}
                </td>
                <td data-label={t('admin.calendar.reason')}>{c.reason}</td>
                <td>
                  <Button
                    aria-label={t('admin.calendar.removeLabel', { date: formatDate(c.day) })}
                    onClick={() => remove.mutate(c.day.slice(0, 10))}
                  >
                    {t('admin.calendar.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        <form
          className="loket-form loket-card"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            setMessage('');
            add.mutate();
          }}
        >
          <Heading level={3} appearance={4}>
            {t('admin.calendar.addTitle')}
          </Heading>
          {add.error ? <Alert type="error">{add.error.message}</Alert> : null}
          <div className="loket-form__row">
            <TextField
              id="closing-day"
              label={t('admin.calendar.date')}
              type="date"
              value={day}
              onValue={setDay}
              error={fieldError(add.error, 'day')}
              aria-required="true"
            />
            <TextField
              id="closing-reason"
              label={t('admin.calendar.reason')}
              value={reason}
              onValue={setReason}
              error={fieldError(add.error, 'reason')}
              aria-required="true"
            />
          </div>
          <Button type="submit" variant="primary" busy={add.isPending} disabled={!day}>
            {t('admin.add')}
          </Button>
        </form>
      </section>
      <section aria-labelledby="holidays-title">
        <Heading level={2} id="holidays-title">
          {t('admin.calendar.holidaysTitle', { year })}
        </Heading>
        <Paragraph>{t('admin.calendar.holidaysIntro')}</Paragraph>
        <Table
          caption={t('admin.calendar.holidaysTitle', { year })}
          headers={[t('admin.calendar.date'), t('admin.calendar.name')]}
        >
          {(calendar.data?.holidays ?? []).map((h) => (
            <tr key={h.date}>
              <td>
                {dayName(h.date)} {formatDate(h.date)}
              </td>
              <td data-label={t('admin.calendar.name')}>{h.name}</td>
            </tr>
          ))}
        </Table>
      </section>
    </AdminFrame>
  );
}
