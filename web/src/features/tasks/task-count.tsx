// The number of open tasks for me and my teams, next to "Taken" in the navigation.
import { useTranslation } from 'react-i18next';
import { useTasks } from './task-api.ts';

export function TaskCount() {
  const { t } = useTranslation();
  const tasks = useTasks('mine');
  const n = tasks.data?.length ?? 0;
  if (!n) return null;
  return (
    <span className="loket-count">
      <span aria-hidden="true">{n}</span>
      <span className="loket-visually-hidden">{t('tasks.countLabel', { count: n })}</span>
    </span>
  );
}
