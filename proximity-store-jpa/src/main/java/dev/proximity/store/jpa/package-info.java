/**
 * The JPA store adapter: {@link dev.proximity.store.jpa.JpaStore} implements the storage port with
 * Hibernate ORM on SQLite or PostgreSQL, Flyway schema migrations and HikariCP pools, and
 * {@link dev.proximity.store.jpa.JpaStoreFactory} makes it reachable by URL through
 * {@link dev.proximity.api.store.Stores#open}.
 */
package dev.proximity.store.jpa;
