package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A visitor subject whose data now follows an account. */
@Entity
@Table(name = "visitor_link")
public class VisitorLink extends PanacheEntityBase {

    @Id
    @Column(name = "visitor_subject_id")
    public UUID visitorSubjectId;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "linked_at")
    public Instant linkedAt;
}
