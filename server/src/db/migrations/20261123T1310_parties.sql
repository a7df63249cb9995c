-- Parties: find the parties merged into a survivor quickly (customer-view timeline, recursive).
CREATE INDEX parties_merged_into ON parties (merged_into) WHERE merged_into IS NOT NULL;
