package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A rectification: which field of the profile changed, by whom, when. The values are not copied. */
@Entity
@Table(name = "profile_change")
public class ProfileChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    public String field;

    @Column(name = "changed_by")
    public UUID changedBy;

    @Column(name = "changed_at")
    public Instant changedAt;
}
