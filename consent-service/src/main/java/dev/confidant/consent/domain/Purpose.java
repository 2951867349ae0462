package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A processing purpose of the catalogue, with its one lawful basis and the data categories it uses. */
@Entity
@Table(name = "purpose")
public class Purpose extends PanacheEntityBase {

    @Id
    public String code;

    public String title;

    public String description;

    @Column(name = "lawful_basis")
    @Convert(converter = LawfulBasisConverter.class)
    public LawfulBasis lawfulBasis;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> categories;

    /** Non-essential: a Global Privacy Control signal refuses it. */
    @Column(name = "gpc_refusable")
    public boolean gpcRefusable;

    public int revision;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "changed_by")
    public UUID changedBy;

    public boolean needsConsent() {
        return lawfulBasis == LawfulBasis.CONSENT;
    }
}
