// The tasks inbox over the tasks API (issue 4): GET /tasks?scope=…, claim, complete.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';
import type { Task } from '../../app/types.ts';

export type InboxView = 'mine' | 'team' | 'overdue' | 'today';

export function tasksUrl(view: InboxView) {
  const qs = new URLSearchParams({ status: 'open,in_progress', limit: '100' });
  if (view === 'mine') qs.set('scope', 'mine');
  else if (view === 'team') qs.set('scope', 'team');
  else {
    qs.set('scope', 'inbox');
    qs.set(view === 'overdue' ? 'overdue' : 'dueToday', 'true');
  }
  return `/tasks?${qs}`;
}

type TaskList = { results: Task[]; total?: number } | Task[];
const items = (d: TaskList) => (Array.isArray(d) ? d : d.results);

export function useTasks(view: InboxView) {
  return useQuery({ queryKey: ['tasks', view], queryFn: () => get<TaskList>(tasksUrl(view)), select: items });
}
