package dev.proximity.api.error;

/**
 * A store file cannot be parsed (truncated or malformed). The file is left untouched and nothing
 * is written over it.
 */
public class StoreFormatException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long line;
    private final long column;

    /**
     * @param file the file
     * @param line the 1-based line of the problem, or -1 when unknown
     * @param column the 1-based column of the problem, or -1 when unknown
     * @param problem what is wrong there
     * @param cause the parser's error
     */
    public StoreFormatException(String file, long line, long column, String problem, Throwable cause) {
        super("cannot read " + file + (line > 0 ? " at line " + line + ", column " + column : "") + ": " + problem
                + "; the file was left untouched", cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** @return the file */
    public String file() {
        return file;
    }

    /** @return the 1-based line, or -1 */
    public long line() {
        return line;
    }

    /** @return the 1-based column, or -1 */
    public long column() {
        return column;
    }
}
