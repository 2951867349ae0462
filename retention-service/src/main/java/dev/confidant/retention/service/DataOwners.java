package dev.confidant.retention.service;

import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.OwnedCategory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered data owners and what they hold: each owner's latest announcement replaces its earlier one, so a new
 * service needs no change here to take part in erasure and expiry.
 */
@ApplicationScoped
public class DataOwners {

    /** An owner with its categories (category → stores) and its export endpoint, if it offers one. */
    public record Owner(String name, Instant registeredAt, Map<String, List<String>> categories, String exportUrl) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DataOwners.class);

    @Inject
    EntityManager entityManager;

    @Inject
    ExportAllowList exportAllowList;

    @Transactional(Transactional.TxType.MANDATORY)
    public void register(DataOwnerRegistered registered) {
        if (registered.exportUrl() != null && !exportAllowList.allows(registered.exportUrl())) {
            // kept as announced (an access request then names the owner as failing), but never sent a token
            LOG.warnf("%s announces an export URL outside confidant.retention.export-base-urls: its exports will not be "
                    + "fetched", registered.owner());
        }
        entityManager.createNativeQuery("INSERT INTO data_owner (owner, registered_at, export_url) VALUES (?1, ?2, CAST(?3 AS text)) "
                        + "ON CONFLICT (owner) DO UPDATE SET registered_at = EXCLUDED.registered_at, "
                        + "export_url = EXCLUDED.export_url")
                .setParameter(1, registered.owner()).setParameter(2, registered.registeredAt())
                .setParameter(3, registered.exportUrl()).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM data_owner_category WHERE owner = ?1")
                .setParameter(1, registered.owner()).executeUpdate();
        for (OwnedCategory category : registered.categories()) {
            entityManager.createNativeQuery("INSERT INTO data_owner_category (owner, category, stores) "
                            + "VALUES (?1, ?2, CAST(?3 AS text[]))").setParameter(1, registered.owner())
                    .setParameter(2, category.category())
                    .setParameter(3, category.stores().toArray(String[]::new)).executeUpdate();
        }
    }

    @Transactional
    public List<Owner> all() {
        Map<String, Owner> owners = new LinkedHashMap<>();
        NativeRow.map(entityManager.createNativeQuery("SELECT o.owner, o.registered_at, c.category, "
                + "array_to_string(c.stores, ','), o.export_url FROM data_owner o "
                + "LEFT JOIN data_owner_category c ON c.owner = o.owner ORDER BY o.owner, c.category"), row -> {
            Owner owner = owners.computeIfAbsent(row.text(0), name -> new Owner(name, row.instant(1),
                    new LinkedHashMap<>(), row.text(4)));
            if (row.text(2) != null) {
                owner.categories().put(row.text(2), new ArrayList<>(row.list(3)));
            }
            return owner;
        });
        return List.copyOf(owners.values());
    }

}
