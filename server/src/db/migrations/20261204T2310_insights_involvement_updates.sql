-- An update of involvements re-detects repeats only for rows whose contact, party or details
-- changed: what repeat detection reads. The copy of a contact's time and flag (migration
-- 20261204T2200) updates involvements from inside an update of contacts; detection running there,
-- before the contacts' own insights trigger, made that trigger take the new repeat state for the
-- old one and count the change twice.
CREATE FUNCTION insights_involvements_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(DISTINCT n.contact_id) INTO ids
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.contact_id, n.party_id, n.details) IS DISTINCT FROM (o.contact_id, o.party_id, o.details);
  IF ids IS NOT NULL THEN
    PERFORM nextval('insight_change_seq');
    PERFORM insights_detect_repeats(ids);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER insights_contact_parties_upd ON contact_parties;
CREATE TRIGGER insights_contact_parties_upd AFTER UPDATE ON contact_parties
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_involvements_updated();
