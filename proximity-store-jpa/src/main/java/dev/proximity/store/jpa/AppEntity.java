package dev.proximity.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of table {@code app}. A plain data holder: {@link AppRows} converts it from and to
 * {@link dev.proximity.api.app.App}. Instants are epoch milliseconds; documents are JSON text
 * ({@code jsonb} on PostgreSQL).
 */
@Entity(name = "AppRow")
@Table(name = "app")
class AppEntity {

    @Id
    @Column(name = "id", nullable = false)
    String id;

    @Column(name = "catalog_id", nullable = false)
    String catalogId;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "hostname", nullable = false)
    String hostname;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "url")
    String url;

    @Column(name = "vmid")
    Integer vmid;

    @Column(name = "node")
    String node;

    @Column(name = "public_port")
    Integer publicPort;

    @Column(name = "internal_port")
    Integer internalPort;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "config_json", nullable = false)
    String configJson;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ports_json", nullable = false)
    String portsJson;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "volumes_json", nullable = false)
    String volumesJson;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "environment_json", nullable = false)
    String environmentJson;

    @Column(name = "owner_id")
    String ownerId;

    @Column(name = "created_at_ms")
    Long createdAtMs;

    @Column(name = "updated_at_ms")
    Long updatedAtMs;

    @Column(name = "state_changed_at_ms")
    Long stateChangedAtMs;

    @Column(name = "search_text", nullable = false)
    String searchText;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    /** For Hibernate. */
    AppEntity() {
    }
}
