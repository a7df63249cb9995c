-- Search and the customer view: indexes for their read paths.
-- Forward-only: never edit this file once committed; add a new migration instead.

-- A party's duplicates (merged into it): the last contact date on a search card counts their
-- contacts too, and the customer view's timeline walks this link. Few rows are merged: partial.
CREATE INDEX search_parties_merged_into ON parties (merged_into) WHERE merged_into IS NOT NULL;
