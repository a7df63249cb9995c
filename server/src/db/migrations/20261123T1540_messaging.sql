-- WhatsApp, SMS and social media through providers (channels/messaging). Every message in or out is
-- a contact; these tables keep what the provider needs: its message ids (so a replayed webhook
-- stores nothing new), the conversation with one sender on one number (so messages continue one
-- thread and an auto-reply goes out at most once a day), and the outbox of messages to send with
-- their delivery status.
CREATE TABLE messaging_conversations (
  id                   uuid PRIMARY KEY,
  provider             text NOT NULL,            -- 'whatsapp' or a generic provider's name
  channel              text NOT NULL REFERENCES channels(code),
  business_address     text NOT NULL,            -- our side: WhatsApp phone_number_id, SMS number, page
  customer_address     text NOT NULL,            -- the sender: E.164 phone number or the platform's handle
  last_contact_id      uuid REFERENCES contacts(id) ON DELETE SET NULL,
  last_message_at      timestamptz NOT NULL,
  last_inbound_at      timestamptz,
  last_auto_reply_on   text,                     -- Amsterdam date (YYYY-MM-DD) of the last auto-reply
  created_at           timestamptz NOT NULL,
  UNIQUE (provider, channel, business_address, customer_address)
);

CREATE TABLE messaging_messages (
  id               uuid PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES messaging_conversations(id) ON DELETE CASCADE,
  contact_id       uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  direction        text NOT NULL CHECK (direction IN ('in', 'out')),
  provider         text NOT NULL,
  external_id      text,                         -- the provider's message id; outbound: once sent
  status           text NOT NULL
                   CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
  body             text,                         -- outbound: the text to send
  employee_id      uuid REFERENCES employees(id), -- outbound: who wrote it (told about its delivery)
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  leased_until     timestamptz,
  last_error       text,                         -- provider's error code and title, never the text
  status_at        timestamptz NOT NULL,
  created_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX messaging_messages_external ON messaging_messages (provider, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX messaging_messages_due ON messaging_messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX messaging_messages_contact ON messaging_messages (contact_id);
CREATE INDEX messaging_messages_conversation ON messaging_messages (conversation_id);
