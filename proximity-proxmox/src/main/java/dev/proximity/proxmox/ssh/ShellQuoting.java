package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;

/**
 * POSIX shell quoting: turns any string into one shell word that the shell reads back verbatim.
 *
 * <p>The string is wrapped in single quotes, inside which a POSIX shell interprets nothing
 * ({@code $}, backticks, {@code \}, {@code "}, newlines and globs are all literal). The only
 * character that cannot appear inside single quotes is the single quote itself, so each one
 * closes the quoted part, adds an escaped quote and reopens it: {@code '} becomes {@code '\''}.
 * The result is always quoted, even for harmless strings, so the output is predictable.
 */
final class ShellQuoting {

    private ShellQuoting() {
    }

    /**
     * Quotes {@code value} as a single POSIX shell word.
     *
     * @param value the text to pass through a shell unchanged; may be empty
     * @return the quoted word, e.g. {@code 'it'\''s'} for {@code it's}
     * @throws InvalidRequestException when the text holds a NUL character, which no shell word can carry
     */
    public static String quote(String value) {
        if (value == null) {
            throw InvalidRequestException.of("value", null, "is required");
        }
        if (value.indexOf('\0') >= 0) {
            // Shell words are C strings: a NUL would silently cut the command short on the node.
            throw InvalidRequestException.of("value", "(text with NUL)", "must not contain a NUL character");
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                quoted.append("'\\''");
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
