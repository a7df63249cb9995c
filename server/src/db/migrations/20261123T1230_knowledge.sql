-- Knowledge base (kennisbank): answers and work instructions per product or service.
-- Forward-only: never edit this file once committed; add a new migration instead.

CREATE TABLE knowledge_articles (
  id                 uuid PRIMARY KEY,
  slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),  -- stable key for imports and links
  title              text NOT NULL,
  summary            text NOT NULL DEFAULT '',
  description        text NOT NULL DEFAULT '',   -- what it is
  conditions         text NOT NULL DEFAULT '',   -- who can get it, what is needed
  costs              text NOT NULL DEFAULT '',
  how_to_apply       text NOT NULL DEFAULT '',
  work_instructions  text NOT NULL DEFAULT '',   -- employees only: never in the public API
  keywords           text[] NOT NULL DEFAULT '{}',
  reason_codes       text[] NOT NULL DEFAULT '{}', -- contact_reasons.code this article answers
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  human_only         boolean NOT NULL DEFAULT false, -- the chatbot must hand over to a person
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by_id      uuid,                        -- employee or api token; null for the seed
  updated_by_name    text,
  -- Public fields only, so a public search can never match on a work instruction.
  search_vector      tsvector NOT NULL DEFAULT ''::tsvector,
  -- Public fields plus the work instructions, for employees.
  internal_vector    tsvector NOT NULL DEFAULT ''::tsvector
);

-- A trigger, not a generated column: array_to_string over keywords is not immutable.
CREATE FUNCTION knowledge_articles_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('dutch', coalesce(NEW.summary, '') || ' ' || array_to_string(NEW.keywords, ' ')), 'B') ||
    setweight(to_tsvector('dutch', concat_ws(' ', NEW.description, NEW.conditions, NEW.costs, NEW.how_to_apply)), 'C');
  NEW.internal_vector := NEW.search_vector ||
    setweight(to_tsvector('dutch', coalesce(NEW.work_instructions, '')), 'D');
  RETURN NEW;
END
$$;

CREATE TRIGGER knowledge_articles_vectors BEFORE INSERT OR UPDATE ON knowledge_articles
  FOR EACH ROW EXECUTE FUNCTION knowledge_articles_vectors();

CREATE INDEX knowledge_articles_search ON knowledge_articles USING gin (search_vector);
CREATE INDEX knowledge_articles_internal ON knowledge_articles USING gin (internal_vector);
CREATE INDEX knowledge_articles_reasons ON knowledge_articles USING gin (reason_codes);

-- Every edit keeps the version it replaced.
CREATE TABLE knowledge_article_versions (
  id                 uuid PRIMARY KEY,
  article_id         uuid NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
  version            integer NOT NULL,
  content            jsonb NOT NULL,              -- the article's fields as they were
  edited_at          timestamptz NOT NULL,        -- when this version was written
  edited_by_id       uuid,
  edited_by_name     text,
  superseded_at      timestamptz NOT NULL,
  UNIQUE (article_id, version)
);
