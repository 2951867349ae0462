package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A conversation of one subject (a visitor or a user) with the assistant, and perhaps an agent. */
@Entity
@Table(name = "conversation")
public class Conversation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    public ConversationStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Retention counts from here (category chat.message: 180 days by default). */
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** The agent who took the conversation after a hand-off. */
    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "handed_off_at")
    public Instant handedOffAt;

    /** When the agent who holds it took it (null while waiting, and once handed back). */
    @Column(name = "taken_at")
    public Instant takenAt;

    /** When an agent first answered since the hand-off: the first-response time runs from {@link #handedOffAt}. */
    @Column(name = "first_response_at")
    public Instant firstResponseAt;

    /** How many answers in a row the assistant was unsure of: at two it offers a human. */
    @Column(name = "unsure_in_a_row")
    public int unsureInARow;
}
