package dev.proximity.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of table {@code migration_run}: the columns a listing filters and sorts by, and the whole
 * run as a JSON document (see {@link MigrationRunDocuments}).
 */
@Entity(name = "MigrationRunRow")
@Table(name = "migration_run")
class MigrationRunEntity {

    @Id
    @Column(name = "id", nullable = false)
    String id;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "started_at_ms", nullable = false)
    long startedAtMs;

    @Column(name = "updated_at_ms", nullable = false)
    long updatedAtMs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "document", nullable = false)
    String document;

    /** For Hibernate. */
    MigrationRunEntity() {
    }
}
