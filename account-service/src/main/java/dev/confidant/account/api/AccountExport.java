package dev.confidant.account.api;

import dev.confidant.account.service.Accounts;
import dev.confidant.platform.runtime.owner.SubjectExport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** account-service's part of an access request: the same content as the holder's own download. */
@ApplicationScoped
public class AccountExport implements SubjectExport {

    @Inject
    Accounts accounts;

    @Override
    public Object export(UUID subject) {
        return accounts.export(subject);
    }
}
