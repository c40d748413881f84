package dev.proximity.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of table {@code deployment_log_entry}. The database-generated {@code seq} keeps append
 * order, which timestamps alone cannot (two steps may share a millisecond, clocks may step back).
 */
@Entity(name = "DeploymentLogEntryRow")
@Table(name = "deployment_log_entry")
class DeploymentLogEntryEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "seq", nullable = false)
    Long seq;

    @Column(name = "app_id", nullable = false)
    String appId;

    @Column(name = "deployment_id")
    String deploymentId;

    @Column(name = "logged_at_ms", nullable = false)
    long loggedAtMs;

    @Column(name = "level", nullable = false)
    String level;

    @Column(name = "step", nullable = false)
    String step;

    @Column(name = "message", nullable = false)
    String message;

    @Column(name = "duration_ms")
    Long durationMs;

    /** For Hibernate. */
    DeploymentLogEntryEntity() {
    }
}
