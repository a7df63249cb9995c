-- Reminder sweep: a reminder is its own history entry. The sweep wrote a task_history row beside
-- every task_reminders row (two inserts and two foreign-key checks per reminder); now the reminder
-- row carries the history id it would have had (same sequence, so the task's history keeps its order)
-- and the task's history reads reminders from task_reminders. Escalations keep their history row.
ALTER TABLE task_reminders ADD COLUMN history_id bigint;

UPDATE task_reminders r SET history_id = h.id
FROM task_history h
WHERE h.task_id = r.task_id AND h.event = 'reminder' AND r.kind = 'reminder'
  AND (h.details->>'seq')::int = r.seq;

DELETE FROM task_history h USING task_reminders r WHERE h.id = r.history_id;

UPDATE task_reminders SET history_id = nextval('task_history_id_seq') WHERE history_id IS NULL;

ALTER TABLE task_reminders ALTER COLUMN history_id SET DEFAULT nextval('task_history_id_seq');
ALTER TABLE task_reminders ALTER COLUMN history_id SET NOT NULL;
