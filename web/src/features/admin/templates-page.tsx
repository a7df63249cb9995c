// Beheer › Berichtsjablonen: the Dutch texts of the messages residents get, per message and channel.
// The server checks the placeholders; its Dutch reason shows at the field.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../app/api.ts';
import { Alert, formatDateTime, Paragraph, Select, TextArea, TextField } from '../../ui/index.ts';
import { AdminFrame, FormCard, StatusMessage, SubmitRow } from './admin-frame.tsx';
import { fieldError } from './field-error.ts';
import './notifications-texts.ts';

type Template = {
  code: string;
  channel: string;
  language: string;
  subject: string;
  body: string;
  placeholders: string[];
  updatedAt: string;
};
type Version = { subject: string; body: string; savedAt: string };

const keyOf = (t: { code: string; channel: string; language: string }) =>
  `${t.code}/${t.channel}/${t.language}`;

export default function TemplatesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const templates = useQuery({
    queryKey: ['admin', 'notification-templates'],
    queryFn: () => get<{ results: Template[] }>('/notification-templates'),
    select: (d) => d.results,
  });
  const [code, setCode] = useState('case_status');
  const [channel, setChannel] = useState('email');
  const list = templates.data ?? [];
  const codes = [...new Set(list.map((x) => x.code))];
  const channels = list.filter((x) => x.code === code && x.language === 'nl').map((x) => x.channel);
  const current = list.find((x) => x.code === code && x.channel === channel && x.language === 'nl');

  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [message, setMessage] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const currentKey = current ? keyOf(current) : '';
  // A different template chosen: its text in the form (not after every refetch of the same one).
  const loaded = useRef('');
  useEffect(() => {
    if (!current || loaded.current === currentKey) return;
    loaded.current = currentKey;
    setSubject(current.subject);
    setBody(current.body);
  }, [current, currentKey]);

  const versions = useQuery({
    queryKey: ['admin', 'notification-templates', currentKey, 'versions'],
    queryFn: () => get<{ results: Version[] }>(`/notification-templates/${currentKey}/versions`),
    select: (d) => d.results,
    enabled: !!currentKey,
  });
  const save = useMutation({
    mutationFn: () => api<Template>('PUT', `/notification-templates/${currentKey}`, { subject, body }),
    onSuccess: () => {
      setMessage(
        t('notifyAdmin.templates.saved', {
          message: t(`notifyAdmin.kinds.${code}`),
          channel: t(`notifyAdmin.channels.${channel}`),
        }),
      );
      return qc.invalidateQueries({ queryKey: ['admin', 'notification-templates'] });
    },
  });
  const choose = (nextCode: string, nextChannel: string) => {
    setMessage('');
    save.reset();
    setCode(nextCode);
    const available = list.filter((x) => x.code === nextCode && x.language === 'nl').map((x) => x.channel);
    setChannel(available.includes(nextChannel) ? nextChannel : (available[0] ?? 'email'));
  };

  const label = (c: string) => t(`notifyAdmin.kinds.${c}`);
  return (
    <AdminFrame title={t('admin.pages.templates.title')} intro={t('notifyAdmin.templates.intro')}>
      <StatusMessage message={message} />
      {templates.error ? <Alert type="error">{templates.error.message}</Alert> : null}
      <div className="loket-form loket-form__row">
        <Select
          id="template-code"
          label={t('notifyAdmin.templates.message')}
          value={code}
          onValue={(v) => choose(v, channel)}
          options={codes.map((c) => ({ value: c, label: label(c) }))}
        />
        <Select
          id="template-channel"
          label={t('notifyAdmin.templates.channel')}
          value={channel}
          onValue={(v) => choose(code, v)}
          options={channels.map((c) => ({ value: c, label: t(`notifyAdmin.channels.${c}`) }))}
        />
      </div>
      {current ? (
        <FormCard
          id="template-form-title"
          title={t('notifyAdmin.templates.editTitle', {
            message: label(code),
            channel: t(`notifyAdmin.channels.${channel}`),
          })}
          error={save.error}
          onSubmit={() => {
            setMessage('');
            save.mutate();
          }}
          headingRef={heading}
        >
          <Paragraph>
            {t('notifyAdmin.templates.placeholders', {
              list: current.placeholders.map((p) => `{{${p}}}`).join(', '),
              interpolation: { escapeValue: false },
            })}
          </Paragraph>
          <TextField
            id="template-subject"
            label={t('notifyAdmin.templates.subject')}
            description={t('notifyAdmin.templates.subjectHelp')}
            value={subject}
            onValue={setSubject}
            error={fieldError(save.error, 'subject')}
          />
          <TextArea
            id="template-body"
            label={t('notifyAdmin.templates.body')}
            value={body}
            onValue={setBody}
            rows={12}
            error={fieldError(save.error, 'body')}
          />
          <Paragraph>
            {t('notifyAdmin.templates.updatedAt', { date: formatDateTime(current.updatedAt) })}
          </Paragraph>
          <SubmitRow editing busy={save.isPending} />
        </FormCard>
      ) : null}
      {current ? (
        <details className="loket-card">
          <summary>{t('notifyAdmin.templates.history', { count: versions.data?.length ?? 0 })}</summary>
          {versions.data?.length ? (
            <ol>
              {versions.data.map((v) => (
                <li key={v.savedAt}>
                  <Paragraph>
                    {t('notifyAdmin.templates.savedAt', { date: formatDateTime(v.savedAt) })}
                  </Paragraph>
                  <pre
                    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  >{`${v.subject}\n\n${v.body}`}</pre>
                </li>
              ))}
            </ol>
          ) : (
            <Paragraph>{t('notifyAdmin.templates.historyNone')}</Paragraph>
          )}
        </details>
      ) : null}
    </AdminFrame>
  );
}
