-- Every replica remembers the consent states its decisions read (ConsentStates); every change to a subject's state,
-- whatever code makes it, tells every replica to forget that subject once the change commits. The payload has the
-- form of the platform's cluster signals ("<sender> <kind> <data>", channel confidant_signals); the sender is the
-- database, not a replica.
CREATE FUNCTION signal_consent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('confidant_signals', 'database consent-changed ' || OLD.subject_id);
    ELSE
        PERFORM pg_notify('confidant_signals', 'database consent-changed ' || NEW.subject_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER consent_state_changed AFTER INSERT OR UPDATE OR DELETE ON consent_state
    FOR EACH ROW EXECUTE FUNCTION signal_consent_change();
CREATE TRIGGER consent_subject_changed AFTER INSERT OR UPDATE OR DELETE ON consent_subject
    FOR EACH ROW EXECUTE FUNCTION signal_consent_change();
