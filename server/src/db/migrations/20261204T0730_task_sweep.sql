-- Reminder sweep (issue 4 benchmark): the reminder schedule leaves the task row. The sweep advanced
-- tasks.next_reminder_at and reminder_count on every reminder; next_reminder_at is indexed, so each
-- reminder was a non-HOT update of a wide row that added an entry to all five indexes of tasks and
-- fired the insights statement trigger on tasks. Now the schedule is a narrow row of its own, one per
-- task: a reminder writes that row (two small indexes) and a task_reminders row, and touches tasks
-- only when it escalates (the owner changes). The sweep and every change to a task lock the schedule
-- row first, so they still take turns per task.
CREATE TABLE task_schedule (
  task_id           uuid PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  reminder_count    integer NOT NULL DEFAULT 0,  -- steps taken (reminders and the escalation)
  next_reminder_at  timestamptz                  -- null once done or cancelled
);

INSERT INTO task_schedule (task_id, reminder_count, next_reminder_at)
SELECT id, reminder_count, next_reminder_at FROM tasks;

-- The sweep's only question: which unfinished tasks have a reminder due?
CREATE INDEX task_schedule_due ON task_schedule (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

-- A reminder's foreign key checks the schedule row the sweep holds locked already, instead of taking
-- a share lock on the task row (a write to the wide row's page for every reminder).
ALTER TABLE task_reminders DROP CONSTRAINT task_reminders_task_id_fkey;
ALTER TABLE task_reminders
  ADD CONSTRAINT task_reminders_task_id_fkey FOREIGN KEY (task_id) REFERENCES task_schedule(task_id) ON DELETE CASCADE;

DROP INDEX tasks_reminder_due;
ALTER TABLE tasks DROP COLUMN next_reminder_at, DROP COLUMN reminder_count;
