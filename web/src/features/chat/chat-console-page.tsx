// The werkplek's chat console: chats waiting for my teams, the ones I am in, several open at once.
// The bot's part of the dialogue stays above; what the employee types reaches the resident's widget.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../app/api.ts';
import { useTitle } from '../../app/use-title.ts';
import {
  Alert,
  Button,
  formatDateTime,
  Heading,
  Paragraph,
  Select,
  TextArea,
  TextField,
} from '../../ui/index.ts';
import { useReasons } from '../contacts/reference-data.ts';
import {
  type ChatMessage,
  type Conversation,
  useChatList,
  useChatLive,
  useConversation,
} from './chat-api.ts';
import { ChatCustomer } from './chat-customer.tsx';
import './texts.ts';
import './chat.css';

function Message({ m }: { m: ChatMessage }) {
  const { t } = useTranslation();
  return (
    <li className={`loket-chat-msg loket-chat-msg--${m.from}`}>
      <span className="loket-chat-msg__who">
        {t(`chat.from.${m.from}`)} · {formatDateTime(m.at)}
      </span>
      <span className="loket-chat-msg__text">{m.text}</span>
      {m.source ? (
        <span className="loket-chat-msg__source">{t('chat.source', { title: m.source.title })}</span>
      ) : null}
    </li>
  );
}

function ChatPanel({ id, typingAt }: { id: string; typingAt: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const chat = useConversation(id);
  const reasons = useReasons();
  const [text, setText] = useState('');
  const [closing, setClosing] = useState(false);
  const [reasonCode, setReasonCode] = useState('');
  const [result, setResult] = useState('');
  const [, tick] = useState(0);
  const logRef = useRef<HTMLDivElement>(null);
  const count = chat.data?.messages.length ?? 0;
  // The newest message in view, as in any chat; the employee scrolls up for the bot's part.
  useEffect(() => {
    if (count && logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [count]);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const send = useMutation({
    mutationFn: (body: string) => post(`/chats/${id}/messages`, { text: body }),
    onSuccess: () => setText(''),
  });
  const close = useMutation({
    mutationFn: () =>
      post(`/chats/${id}/close`, { reasonCode: reasonCode || undefined, result: result || undefined }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['chats'] });
      qc.invalidateQueries({ queryKey: ['chat', id] });
    },
  });
  const data = chat.data;
  if (!data) return chat.error ? <Alert type="error">{chat.error.message}</Alert> : null;
  const headingId = `chat-${id}-title`;
  const typing = Date.now() - typingAt < 4000;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate(text.trim());
  };
  return (
    <section className="loket-chat-panel" aria-labelledby={headingId}>
      <Heading level={2} appearance={3} id={headingId}>
        {t('chat.conversation', { time: formatDateTime(data.createdAt) })}
      </Heading>
      {data.partyId ? null : <p>{t('chat.anonymous')}</p>}
      <div className={data.partyId ? 'loket-chat-with-customer' : undefined}>
        <div>
          <div
            className="loket-chat-log"
            ref={logRef}
            role="log"
            aria-live="polite"
            aria-labelledby={headingId}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
            tabIndex={0}
          >
            <ol>
              {data.messages.map((m) => (
                <Message key={m.seq} m={m} />
              ))}
            </ol>
          </div>
          <p className="loket-chat-typing" aria-live="polite">
            {typing ? t('chat.typing') : ''}
          </p>
          {data.status === 'closed' ? (
            <Alert type="ok">{t('chat.closed')}</Alert>
          ) : (
            <>
              <form onSubmit={submit} className="loket-chat-send">
                <TextArea
                  label={t('chat.message')}
                  value={text}
                  onValue={setText}
                  rows={2}
                  id={`chat-${id}-text`}
                />
                <Button type="submit" variant="primary" busy={send.isPending}>
                  {t('chat.send')}
                </Button>
                {send.error ? <Alert type="error">{send.error.message}</Alert> : null}
              </form>
              {closing ? (
                <form
                  className="loket-chat-close"
                  onSubmit={(e) => {
                    e.preventDefault();
                    close.mutate();
                  }}
                >
                  <Select
                    label={t('chat.reason')}
                    value={reasonCode}
                    onValue={setReasonCode}
                    options={[
                      { value: '', label: t('chat.noReason') },
                      ...(reasons.data ?? []).map((r) => ({ value: r.code, label: r.label })),
                    ]}
                  />
                  <TextField
                    label={t('chat.result')}
                    value={result}
                    onValue={setResult}
                    id={`chat-${id}-result`}
                  />
                  <Button type="submit" variant="primary" busy={close.isPending}>
                    {t('chat.closeConfirm')}
                  </Button>
                  {close.error ? <Alert type="error">{close.error.message}</Alert> : null}
                </form>
              ) : (
                <Button onClick={() => setClosing(true)}>{t('chat.close')}</Button>
              )}
            </>
          )}
        </div>
        {data.partyId ? <ChatCustomer partyId={data.partyId} headingId={`chat-${id}-customer`} /> : null}
      </div>
    </section>
  );
}

export default function ChatConsolePage() {
  const { t } = useTranslation();
  useTitle(t('chat.title'));
  const qc = useQueryClient();
  const list = useChatList();
  const [open, setOpen] = useState<string[]>([]);
  const mine = list.data?.mine ?? [];
  const openIds = [...new Set([...mine.map((c) => c.id), ...open])];
  const live = useChatLive(openIds);
  const claim = useMutation({
    mutationFn: (c: Conversation) => post(`/chats/${c.id}/claim`),
    onSuccess: (_r, c) => {
      setOpen((o) => [...new Set([...o, c.id])]);
      return qc.invalidateQueries({ queryKey: ['chats'] });
    },
  });
  return (
    <div className="loket-chat-console">
      <Heading level={1} tabIndex={-1}>
        {t('chat.title')}
      </Heading>
      <Paragraph>{t('chat.intro')}</Paragraph>
      <p className="loket-chat-live">{live.connected ? t('chat.live') : t('chat.offline')}</p>
      <div className="loket-chat-columns">
        <div>
          <Heading level={2} appearance={3}>
            {t('chat.waiting')}
          </Heading>
          {list.data && list.data.waiting.length === 0 ? (
            <Paragraph>{t('chat.noneWaiting')}</Paragraph>
          ) : null}
          <ul className="loket-chat-list">
            {list.data?.waiting.map((c) => (
              <li key={c.id}>
                <span>
                  {t('chat.waitingSince', { time: formatDateTime(c.waitingSince ?? c.createdAt) })}
                  {c.partyId ? ` · ${t('chat.knownResident')}` : ''}
                </span>
                <Button variant="primary" onClick={() => claim.mutate(c)} busy={claim.isPending}>
                  {t('chat.claim')}
                </Button>
              </li>
            ))}
          </ul>
          {claim.error ? <Alert type="error">{claim.error.message}</Alert> : null}
          <Heading level={2} appearance={3}>
            {t('chat.mine')}
          </Heading>
          {mine.length === 0 ? <Paragraph>{t('chat.noneMine')}</Paragraph> : null}
          <ul className="loket-chat-list">
            {mine.map((c) => (
              <li key={c.id}>
                {t('chat.conversation', { time: formatDateTime(c.createdAt) })}
                {c.partyId ? ` · ${t('chat.knownResident')}` : ''}
              </li>
            ))}
          </ul>
        </div>
        <div className="loket-chat-panels">
          {openIds.map((id) => (
            <ChatPanel key={id} id={id} typingAt={live.typing[id] ?? 0} />
          ))}
        </div>
      </div>
    </div>
  );
}
