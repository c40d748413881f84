package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.error.AlreadyExistsException;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells which unique field of an app a constraint violation is about. PostgreSQL reports the
 * constraint name ({@code uk_app_hostname}); SQLite reports the columns ({@code UNIQUE constraint
 * failed: app.hostname}). Both are recognised, by constraint name first.
 */
final class UniqueViolations {

    private enum AppKey {
        ID("id", "pk_app", "app.id"),
        HOSTNAME("hostname", "uk_app_hostname", "app.hostname"),
        VMID("vmid", "uk_app_vmid", "app.vmid"),
        PUBLIC_PORT("publicPort", "uk_app_public_port", "app.public_port"),
        INTERNAL_PORT("internalPort", "uk_app_internal_port", "app.internal_port");

        private final String field;
        private final String constraint;
        private final String column;

        AppKey(String field, String constraint, String column) {
            this.field = field;
            this.constraint = constraint;
            this.column = column;
        }

        private Object valueOf(App app) {
            return switch (this) {
                case ID -> app.id();
                case HOSTNAME -> app.hostname();
                case VMID -> app.vmid();
                case PUBLIC_PORT -> app.publicPort();
                case INTERNAL_PORT -> app.internalPort();
            };
        }
    }

    private UniqueViolations() {
    }

    /**
     * @param app the app being written
     * @param constraintName the violated constraint as Hibernate extracted it, or null
     * @param cause the violation
     * @return the typed exception, when the violation is one of the app's unique keys
     */
    static Optional<AlreadyExistsException> forApp(App app, String constraintName, Throwable cause) {
        String reported = describe(constraintName, cause);
        for (AppKey key : AppKey.values()) {
            if (matches(reported, key.constraint)) {
                return Optional.of(new AlreadyExistsException("app", key.field, key.valueOf(app), cause));
            }
        }
        for (AppKey key : AppKey.values()) {
            if (matches(reported, key.column)) {
                return Optional.of(new AlreadyExistsException("app", key.field, key.valueOf(app), cause));
            }
        }
        return Optional.empty();
    }

    /**
     * @param failure a failed statement
     * @return whether it failed on a constraint (unique, primary key, not null, check) rather than
     *         on the database or the connection: PostgreSQL's SQLSTATE class 23, SQLite's {@code SQLITE_CONSTRAINT}
     */
    static boolean isConstraintViolation(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                boolean postgres = sql.getSQLState() != null && sql.getSQLState().startsWith("23");
                boolean sqlite = SqliteResultCodes.is(sql, SqliteResultCodes.CONSTRAINT);
                if (postgres || sqlite) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(String constraintName, Throwable cause) {
        StringBuilder text = new StringBuilder(constraintName == null ? "" : constraintName);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                text.append(' ').append(sql.getNextException().getMessage());
            }
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean matches(String reported, String name) {
        int at = reported.indexOf(name);
        while (at >= 0) {
            int end = at + name.length();
            boolean startsWord = at == 0 || !isNamePart(reported.charAt(at - 1));
            boolean endsWord = end == reported.length() || !isNamePart(reported.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            at = reported.indexOf(name, at + 1);
        }
        return false;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
