-- Web chat: a conversation between a resident and the bot, then an employee, in one dialogue.
-- Messages are numbered per conversation (seq) so a reconnecting widget asks for what it missed;
-- a resident's message carries the widget's own id (client_id) so a resend is never stored twice.
CREATE TABLE chat_conversations (
  id                   uuid PRIMARY KEY,
  resume_token_hash    text NOT NULL,
  status               text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'waiting', 'human', 'closed')),
  next_seq             integer NOT NULL DEFAULT 1,
  unknown_answers      integer NOT NULL DEFAULT 0,   -- bot answers without a good article, in a row
  team_id              uuid REFERENCES teams(id),
  employee_id          uuid REFERENCES employees(id),
  party_id             uuid REFERENCES parties(id),
  matched_article_id   uuid REFERENCES knowledge_articles(id) ON DELETE SET NULL,
  contact_id           uuid REFERENCES contacts(id),
  waiting_since        timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  closed_at            timestamptz
);
CREATE INDEX chat_conversations_waiting ON chat_conversations (team_id, waiting_since) WHERE status = 'waiting';
CREATE INDEX chat_conversations_employee ON chat_conversations (employee_id) WHERE status = 'human';

CREATE TABLE chat_messages (
  conversation_id  uuid NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
  seq              integer NOT NULL,
  sender           text NOT NULL CHECK (sender IN ('resident', 'bot', 'employee', 'system')),
  client_id        text,
  text             text NOT NULL,
  source           jsonb,          -- the article a bot answer quotes: {id, slug, title}
  choices          jsonb,          -- a clarifying question's options: [{id, title}]
  employee_id      uuid REFERENCES employees(id),
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_id)
);

-- Satisfaction (KTO): a 1–5 score and an optional comment about a contact, from any channel.
CREATE TABLE satisfaction_scores (
  id          uuid PRIMARY KEY,
  contact_id  uuid REFERENCES contacts(id),
  conversation_id uuid UNIQUE REFERENCES chat_conversations(id),
  channel     text NOT NULL REFERENCES channels(code),
  score       integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX satisfaction_scores_created ON satisfaction_scores (created_at);
CREATE INDEX satisfaction_scores_contact ON satisfaction_scores (contact_id);
