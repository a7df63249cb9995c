// "Antwoorden" on an e-mail contact: the employee writes an answer that goes out by mail in the same
// conversation (POST /contacts/:id/reply), and sees how its delivery goes (wachtrij → verzonden, or
// mislukt with the mail server's reason). Every outbound message (mail, WhatsApp, SMS) shows its own
// delivery status from the one endpoint for all channels, GET /contacts/:id/delivery.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, get, post } from '../../app/api.ts';
import { i18n } from '../../i18n/index.ts';
import { Alert, Button, formatDateTime, Heading, Paragraph, TextArea } from '../../ui/index.ts';
import texts from './email-reply-texts.json';
import './email-reply.css';

i18n.addResourceBundle('nl', 'translation', texts, true, false);

type Delivery = {
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  label: string;
  attempts: number;
  lastError: string | null;
  final: boolean;
  at: string | null;
  nextAttemptAt: string | null;
};

type EmailContact = {
  id: string;
  channel: string;
  direction: 'in' | 'out';
  parties: { details?: Record<string, unknown> }[];
};

/** The delivery of one outbound message, any channel; asks again every few seconds while it waits. */
export function EmailDelivery({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const delivery = useQuery({
    queryKey: ['delivery', contactId],
    queryFn: () => get<Delivery>(`/contacts/${contactId}/delivery`),
    refetchInterval: (q) => (q.state.data?.status === 'queued' ? 3000 : false),
    retry: false,
  });
  const d = delivery.data;
  if (!d) return null;
  return (
    <div className={`loket-email-delivery loket-email-delivery--${d.status}`} role="status">
      <strong>{t('emailReply.delivery')}:</strong> {t(`emailReply.status.${d.status}`)}
      {d.status === 'sent' && d.at ? <> {t('emailReply.sentAt', { at: formatDateTime(d.at) })}</> : null} (
      {t('emailReply.attempts', { count: d.attempts })}).
      {d.status === 'queued' && d.nextAttemptAt && d.attempts > 0 ? (
        <> {t('emailReply.nextAttempt', { at: formatDateTime(d.nextAttemptAt) })}</>
      ) : null}
      {d.lastError ? <div>{t('emailReply.reason', { reason: d.lastError })}</div> : null}
      {d.status === 'failed' ? <div>{t('emailReply.final')}</div> : null}
    </div>
  );
}

export function EmailReply({ contact }: { contact: EmailContact }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = useMutation({
    mutationFn: (body: { text: string }) =>
      post<{ id: string; thread: { id: string } | null }>(`/contacts/${contact.id}/reply`, body),
    onSuccess: (sent) => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['contact', contact.id] });
      if (sent.thread) void queryClient.invalidateQueries({ queryKey: ['thread', sent.thread.id] });
    },
    onError: (err) =>
      setError(
        err instanceof ApiError ? (err.problem.invalidParams?.[0]?.reason ?? err.message) : String(err),
      ),
  });
  if (contact.direction === 'out') return <EmailDelivery contactId={contact.id} />;
  if (contact.channel !== 'email') return null;
  const to = contact.parties.map((p) => p.details?.email).find((e): e is string => typeof e === 'string');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(t('emailReply.empty'));
      return;
    }
    setError(undefined);
    send.mutate({ text });
  };
  return (
    <section aria-labelledby="email-reply-title" className="loket-email-reply">
      <Heading level={2} appearance={4} id="email-reply-title">
        {t('emailReply.title')}
      </Heading>
      <Paragraph>{to ? t('emailReply.intro', { to }) : t('emailReply.introUnknown')}</Paragraph>
      <form onSubmit={submit} noValidate>
        <TextArea
          id="email-reply-text"
          label={t('emailReply.label')}
          description={t('emailReply.description')}
          value={text}
          onValue={(v) => {
            setText(v);
            if (error) setError(undefined);
          }}
          rows={6}
          error={error}
        />
        <Button variant="primary" type="submit" busy={send.isPending} disabled={send.isPending}>
          {send.isPending ? t('emailReply.sending') : t('emailReply.send')}
        </Button>
      </form>
      {send.data ? (
        <div className="loket-email-reply__sent">
          <Alert type="ok">
            {t('emailReply.queued')}{' '}
            <Link className="utrecht-link" to={`/contacten/${send.data.id}`}>
              {t('emailReply.openReply')}
            </Link>
          </Alert>
          <EmailDelivery contactId={send.data.id} />
        </div>
      ) : null}
    </section>
  );
}
