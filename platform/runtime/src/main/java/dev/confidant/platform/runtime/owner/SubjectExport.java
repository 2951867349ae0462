package dev.confidant.platform.runtime.owner;

import java.util.UUID;

/**
 * What a data owner holds about one subject, in a form the subject can read and take elsewhere (GDPR Art. 15/20).
 * A service that implements it answers {@code GET /api/privacy/exports/{subjectId}} for retention-service, which puts
 * every owner's export into the subject's access bundle. Plain data only: records, lists, maps, strings, numbers and
 * times, serialised as JSON.
 */
public interface SubjectExport {

    /** Everything this service holds about {@code subject}, grouped as the subject would look for it. */
    Object export(UUID subject);
}
