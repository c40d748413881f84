package dev.proximity.core.internal.app;

/** POSIX shell quoting for the scripts run inside containers. */
final class Shell {

    private Shell() {
    }

    /**
     * @param text any text
     * @return it as one single-quoted shell word: nothing inside is interpreted
     */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
