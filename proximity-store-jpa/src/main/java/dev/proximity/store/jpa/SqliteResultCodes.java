package dev.proximity.store.jpa;

import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** SQLite's primary result codes, which its extended codes keep in their low byte. */
final class SqliteResultCodes {

    /** The file is locked by another connection. */
    static final int BUSY = 5;
    /** A constraint (unique, primary key, not null, check) refused the statement. */
    static final int CONSTRAINT = 19;

    private static final int PRIMARY_CODE_BITS = 0xff;

    private SqliteResultCodes() {
    }

    /**
     * @param failure a failed statement or connection
     * @param primaryCode one of this class's codes
     * @return whether SQLite failed it with that primary code, whatever the extended code
     */
    static boolean is(SQLException failure, int primaryCode) {
        return failure instanceof SQLiteException sqlite && (sqlite.getResultCode().code & PRIMARY_CODE_BITS) == primaryCode;
    }
}
