package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One version of a purpose, kept for ever: what the catalogue said, when, who changed it and why. */
@Entity
@Table(name = "purpose_revision")
@IdClass(PurposeRevision.Key.class)
public class PurposeRevision extends PanacheEntityBase {

    /** The composite key: code and revision. */
    public static class Key implements Serializable {
        public String code;
        public int revision;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(code, key.code) && revision == key.revision;
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, revision);
        }
    }

    @Id
    public String code;

    @Id
    public int revision;

    public String title;

    public String description;

    @Column(name = "lawful_basis")
    @Convert(converter = LawfulBasisConverter.class)
    public LawfulBasis lawfulBasis;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> categories;

    @Column(name = "gpc_refusable")
    public boolean gpcRefusable;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "changed_by")
    public UUID changedBy;

    public String reason;

    public static PurposeRevision of(Purpose purpose, String reason) {
        PurposeRevision revision = new PurposeRevision();
        revision.code = purpose.code;
        revision.revision = purpose.revision;
        revision.title = purpose.title;
        revision.description = purpose.description;
        revision.lawfulBasis = purpose.lawfulBasis;
        revision.categories = List.copyOf(purpose.categories);
        revision.gpcRefusable = purpose.gpcRefusable;
        revision.changedAt = purpose.changedAt;
        revision.changedBy = purpose.changedBy;
        revision.reason = reason;
        return revision;
    }
}
