package dev.proximity.api.app;

/** How vzdump compresses the archive. */
public enum BackupCompression {
    /** No compression: a plain {@code .tar}. */
    NONE("0", "tar"),
    /** LZO: fast, larger archives ({@code .tar.lzo}). */
    LZO("lzo", "tar.lzo"),
    /** gzip ({@code .tar.gz}). */
    GZIP("gzip", "tar.gz"),
    /** Zstandard: fast and small ({@code .tar.zst}); the default. */
    ZSTD("zstd", "tar.zst");

    private final String wireName;
    private final String format;

    BackupCompression(String wireName, String format) {
        this.wireName = wireName;
        this.format = format;
    }

    /** @return the value vzdump's {@code compress} takes */
    public String wireName() {
        return wireName;
    }

    /** @return the archive's format as the storage lists it, e.g. {@code tar.zst} */
    public String format() {
        return format;
    }
}
