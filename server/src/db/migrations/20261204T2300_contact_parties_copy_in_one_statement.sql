-- A registration now inserts its contact and involvements in one statement (contacts.repo
-- insertCheckedContact). Whether the involvement's trigger sees a contact inserted earlier in the
-- same statement rests on the executor's order; the statement passes the contact's time and flag
-- itself, and the trigger keeps them when it finds no contact.
CREATE OR REPLACE FUNCTION contact_parties_copy_contact() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at timestamptz;
  secret boolean;
BEGIN
  SELECT c.occurred_at, c.confidential INTO at, secret FROM public.contacts c WHERE c.id = NEW.contact_id;
  IF FOUND THEN
    NEW.occurred_at := at;
    NEW.confidential := secret;
  END IF;
  RETURN NEW;
END $$;
