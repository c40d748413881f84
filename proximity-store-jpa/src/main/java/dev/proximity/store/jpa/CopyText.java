package dev.proximity.store.jpa;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}: columns split by tabs, rows
 * ended by newlines, {@code \N} for null, and backslash, tab, newline and carriage return escaped.
 */
final class CopyText {

    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean rowStarted;

    /** @param value a column's value, or null */
    void column(Object value) {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Number) {
            text.append(value);
        } else {
            escape(value.toString());
        }
    }

    /** Ends the current row. */
    void endRow() {
        text.append('\n');
        rowStarted = false;
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    /** @return the rows written so far */
    @Override
    public String toString() {
        return text.toString();
    }
}
