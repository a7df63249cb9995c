-- Tasks: callback requests (terugbelnotities) and other internal tasks, with owners, working-day
-- terms, reminders and escalation. A reminder row's primary key (task_id, seq) is what makes every
-- reminder happen exactly once, however many workers sweep at the same time.

-- Departments (afdelingen) group teams; a task owned by a department reminds the members of its teams.
CREATE TABLE departments (
  id          uuid PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE department_teams (
  department_id  uuid NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  team_id        uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  PRIMARY KEY (department_id, team_id)
);

-- Where a task goes when its owner lets it pass three reminders: per employee, team or department.
CREATE TABLE task_backups (
  owner_kind   text NOT NULL CHECK (owner_kind IN ('employee', 'team', 'department')),
  owner_id     uuid NOT NULL,
  backup_kind  text NOT NULL CHECK (backup_kind IN ('employee', 'team', 'department')),
  backup_id    uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_kind, owner_id)
);

CREATE SEQUENCE task_number_seq START 1000000;

CREATE TABLE tasks (
  id                 uuid PRIMARY KEY,
  number             text NOT NULL UNIQUE DEFAULT nextval('task_number_seq')::text,
  kind               text NOT NULL DEFAULT 'callback' CHECK (kind IN ('callback', 'task')),
  subject            text NOT NULL,
  description        text NOT NULL DEFAULT '',
  contact_id         uuid REFERENCES contacts(id),
  party_id           uuid REFERENCES parties(id),
  reason_id          uuid REFERENCES contact_reasons(id),
  callback_channel   text CHECK (callback_channel IN ('phone', 'email')),
  callback_address   text,                     -- phone in E.164 or e-mail address to use
  owner_kind         text NOT NULL CHECK (owner_kind IN ('employee', 'team', 'department')),
  owner_id           uuid NOT NULL,
  assignee_id        uuid REFERENCES employees(id),   -- who claimed it
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  result             text CHECK (result IN ('reached_answered', 'not_reached', 'answered_in_writing')),
  result_note        text,
  cancel_reason      text,
  due_at             timestamptz NOT NULL,
  reminder_count     integer NOT NULL DEFAULT 0,
  next_reminder_at   timestamptz,              -- null once done or cancelled
  escalated_at       timestamptz,
  escalated_to_kind  text,
  escalated_to_id    uuid,
  created_by_kind    text NOT NULL,
  created_by_id      uuid,
  created_by_name    text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  closed_at          timestamptz,
  closed_by          uuid
);
-- The sweep's only question: which unfinished tasks have a reminder due?
CREATE INDEX tasks_reminder_due ON tasks (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
CREATE INDEX tasks_owner ON tasks (owner_kind, owner_id, status);
CREATE INDEX tasks_assignee ON tasks (assignee_id, status) WHERE assignee_id IS NOT NULL;
CREATE INDEX tasks_party ON tasks (party_id, created_at DESC) WHERE party_id IS NOT NULL;
CREATE INDEX tasks_open_due ON tasks (due_at) WHERE status IN ('open', 'in_progress');

CREATE TABLE task_reminders (
  task_id        uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  seq            integer NOT NULL,             -- 1, 2, 3 … ; the step after the last reminder escalates
  kind           text NOT NULL CHECK (kind IN ('reminder', 'escalation')),
  at             timestamptz NOT NULL,
  owner_kind     text NOT NULL,
  owner_id       uuid NOT NULL,
  recipient_ids  uuid[] NOT NULL DEFAULT '{}', -- the employees notified in the app and by e-mail
  PRIMARY KEY (task_id, seq)
);
CREATE INDEX task_reminders_recipients ON task_reminders USING gin (recipient_ids);

CREATE TABLE task_history (
  id           bigserial PRIMARY KEY,
  task_id      uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  event        text NOT NULL,                  -- created, claimed, released, reassigned, attempt, reminder, escalated, completed, cancelled
  actor_kind   text NOT NULL,                  -- employee, application, system
  actor_id     uuid,
  actor_name   text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX task_history_task ON task_history (task_id, id);

-- When an employee last looked at their reminders (unread = newer than this).
CREATE TABLE task_reminder_reads (
  employee_id  uuid PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
  seen_at      timestamptz NOT NULL
);
