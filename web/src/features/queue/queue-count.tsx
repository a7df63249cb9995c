// The number of open messages in my teams' queues, next to "Wachtrij" in the navigation.
import { useTranslation } from 'react-i18next';
import { useQueues } from './queue-api.ts';

export function QueueCount() {
  const { t } = useTranslation();
  const queues = useQueues();
  const n = (queues.data ?? []).reduce((sum, q) => sum + q.open, 0);
  if (!n) return null;
  return (
    <span className="loket-count">
      <span aria-hidden="true">{n}</span>
      <span className="loket-visually-hidden">{t('queueNav.countLabel', { count: n })}</span>
    </span>
  );
}
