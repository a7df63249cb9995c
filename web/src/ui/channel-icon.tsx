// Channel icons for the timeline: a drawn symbol for the eye, the channel's name as text for the
// screen reader (the svg itself is hidden from assistive technology).
import { useTranslation } from 'react-i18next';

const paths: Record<string, string> = {
  phone:
    'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z',
  email: 'M3 5h18v14H3zm1.5 1.5v.4L12 12l7.5-5.1v-.4zm0 2.2V17.5h15V8.7L12 13.8z',
  chat: 'M4 4h16v11H8l-4 4zm2 3v2h12V7zm0 4v2h8v-2z',
  whatsapp:
    'M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3zm-3 5h2l1 2.5-1.2 1a6 6 0 0 0 2.7 2.7l1-1.2 2.5 1v2a1 1 0 0 1-1 1A8 8 0 0 1 8 9a1 1 0 0 1 1-1z',
  counter: 'M3 10h18v2H3zm2 3h2v7H5zm6 0h2v7h-2zm6 0h2v7h-2zM12 3l9 5H3z',
  letter: 'M4 4h11l5 5v11H4zm10 1.5V10h4.5z',
  form: 'M5 3h14v18H5zm3 4v2h8V7zm0 4v2h8v-2zm0 4v2h5v-2z',
  social: 'M7 14a3 3 0 1 1 0-4l6-3a3 3 0 1 1 1 1.7l-6 3a3 3 0 0 1 0 .6l6 3A3 3 0 1 1 13 17z',
  task: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
};

export function ChannelIcon({ channel, kind }: { channel: string | null; kind?: string }) {
  const { t } = useTranslation();
  const key = kind && kind !== 'contact' ? 'task' : (channel ?? 'form');
  const d = paths[key] ?? paths.form;
  const label =
    kind && kind !== 'contact' ? t(`timeline.kind.${kind}`, kind) : t(`channel.${channel}`, channel ?? '');
  return (
    <span className={`loket-channel-icon loket-channel-icon--${key}`}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path d={d} fill="currentColor" />
      </svg>
      <span className="loket-visually-hidden">{label}</span>
    </span>
  );
}
