-- account-service's own schema starts at version 1. The platform tables (outbox, inbox) come from
-- db/confidant-platform as versions 0.x; this service's tables arrive with its features as V2 and up.
COMMENT ON TABLE confidant_outbox IS 'Events of account-service awaiting or past publication (see platform/runtime)';
