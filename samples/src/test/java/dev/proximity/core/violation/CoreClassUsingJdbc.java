package dev.proximity.core.violation;

import java.sql.Connection;

/** Deliberate violation (test scope only): core touching JDBC instead of the store port. */
public final class CoreClassUsingJdbc {
    /** @param connection a JDBC connection, which core must never see @return whether it is open */
    public boolean open(Connection connection) throws java.sql.SQLException {
        return !connection.isClosed();
    }
}
