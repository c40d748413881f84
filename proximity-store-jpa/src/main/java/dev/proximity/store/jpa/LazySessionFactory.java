package dev.proximity.store.jpa;

import org.hibernate.SessionFactory;

import java.util.function.Supplier;

/**
 * Hibernate's session factory, built on first use. Building it (the metamodel, mapping validation
 * against the schema Flyway just migrated) takes seconds; a migration that copies apps and records
 * runs through plain JDBC, or a command that lists settings, never pays for it.
 */
final class LazySessionFactory {

    private final Supplier<SessionFactory> build;
    private volatile SessionFactory built;

    LazySessionFactory(Supplier<SessionFactory> build) {
        this.build = build;
    }

    SessionFactory get() {
        SessionFactory factory = built;
        if (factory == null) {
            synchronized (this) {
                factory = built;
                if (factory == null) {
                    factory = build.get();
                    built = factory;
                }
            }
        }
        return factory;
    }

    void close() {
        SessionFactory factory;
        synchronized (this) {
            factory = built;
        }
        if (factory != null) {
            factory.close();
        }
    }
}
