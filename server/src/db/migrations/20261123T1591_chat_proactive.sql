-- Proactive chat: the website reports simple signals; rules decide when to offer help.
CREATE TABLE chat_proactive_rules (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  signal      text NOT NULL CHECK (signal IN ('time_on_page', 'repeated_search', 'form_error', 'returning')),
  page        text NOT NULL DEFAULT '',        -- offered only on pages whose path contains this ('' = every page)
  threshold   integer NOT NULL CHECK (threshold >= 1),  -- seconds on the page, or how many times
  message     text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL
);

-- When a visitor was last offered help: at most one offer per visitor per period.
CREATE TABLE chat_offers (
  visitor_id  text PRIMARY KEY,
  offered_at  timestamptz NOT NULL,
  rule_id     uuid REFERENCES chat_proactive_rules(id) ON DELETE SET NULL
);

INSERT INTO chat_proactive_rules (id, name, signal, page, threshold, message, created_at) VALUES
  ('6a0c1f7e-3b0e-4c55-9a61-0d1f3e5c7a01', 'Lang op een pagina', 'time_on_page', '', 90,
   'Komt u er niet uit? Stel uw vraag in de chat, dan helpen wij u verder.', now()),
  ('6a0c1f7e-3b0e-4c55-9a61-0d1f3e5c7a02', 'Zoekt zonder te klikken', 'repeated_search', '', 2,
   'Niet gevonden wat u zoekt? Vraag het in de chat.', now()),
  ('6a0c1f7e-3b0e-4c55-9a61-0d1f3e5c7a03', 'Fout in een formulier', 'form_error', '', 2,
   'Lukt het formulier niet? Wij helpen u graag in de chat.', now()),
  ('6a0c1f7e-3b0e-4c55-9a61-0d1f3e5c7a04', 'Komt terug op dezelfde pagina', 'returning', '', 3,
   'U bent hier vaker geweest. Kunnen wij u helpen?', now());
