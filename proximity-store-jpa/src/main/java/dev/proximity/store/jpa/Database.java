package dev.proximity.store.jpa;

/**
 * The two databases the JPA store runs on, and what differs between them outside of SQL text.
 */
enum Database {
    /** The embedded default: one file, WAL journal, writers serialized. */
    SQLITE("sqlite", "classpath:db/migration/sqlite", ProximitySqliteDialect.class.getName(), false),
    /** For many processes or hosts sharing one database. */
    POSTGRESQL("postgresql", "classpath:db/migration/postgresql", null, true);

    private final String kind;
    private final String migrations;
    private final String dialect;
    private final boolean failedStatementAbortsTransaction;

    Database(String kind, String migrations, String dialect, boolean failedStatementAbortsTransaction) {
        this.kind = kind;
        this.migrations = migrations;
        this.dialect = dialect;
        this.failedStatementAbortsTransaction = failedStatementAbortsTransaction;
    }

    /** @return the store kind reported in descriptors: {@code sqlite} or {@code postgresql} */
    String kind() {
        return kind;
    }

    /** @return the Flyway location of this database's versioned migrations */
    String migrations() {
        return migrations;
    }

    /** @return the Hibernate dialect class name, or null to let Hibernate pick it from the connection */
    String dialect() {
        return dialect;
    }

    /**
     * PostgreSQL refuses every statement after a failed one until the transaction ends, so a
     * unique violation the caller wants to recover from must be fenced by a savepoint. SQLite only
     * undoes the failed statement.
     *
     * @return whether statements that may fail need a savepoint around them
     */
    boolean failedStatementAbortsTransaction() {
        return failedStatementAbortsTransaction;
    }
}
