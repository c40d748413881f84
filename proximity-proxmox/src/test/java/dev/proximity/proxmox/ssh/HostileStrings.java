package dev.proximity.proxmox.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Strings that break naive shell quoting, named so a failing case says which one broke.
 */
public final class HostileStrings {

    private HostileStrings() {
    }

    /** @return the corpus, name -> text, in a stable order */
    public static Map<String, String> corpus() {
        Map<String, String> corpus = new LinkedHashMap<>();
        corpus.put("empty", "");
        corpus.put("plain", "hello");
        corpus.put("single quote", "it's");
        corpus.put("only single quotes", "'''");
        corpus.put("quote-backslash-quote", "'\\''");
        corpus.put("double quotes", "say \"hi\" \"");
        corpus.put("command substitution", "$(id)");
        corpus.put("backticks", "`id`");
        corpus.put("variable", "$HOME ${HOME} $0 $1 $@ $$ $?");
        corpus.put("arithmetic", "$((6*7))");
        corpus.put("newlines", "line1\nline2\n\n");
        corpus.put("leading and trailing newline", "\nmiddle\n");
        corpus.put("carriage return and tab", "a\r\tb");
        corpus.put("semicolon", "echo a; echo injected");
        corpus.put("and-and", "true && echo injected");
        corpus.put("or-or", "false || echo injected");
        corpus.put("pipe", "echo a | cat");
        corpus.put("background", "sleep 0 & echo injected");
        corpus.put("redirections", "> out.txt 2>&1 < /dev/null");
        corpus.put("backslashes", "\\ \\\\ \\n \\' \\\"");
        corpus.put("trailing backslash", "end\\");
        corpus.put("globs", "* ? [a-z] ~ ~root");
        corpus.put("comment", "# not a comment");
        corpus.put("braces and parens", "{ a; } ( b ) !x");
        corpus.put("unicode", "héllo wörld — 日本語 🚀 \u00a0");
        corpus.put("dash options", "-n -e --help");
        corpus.put("percent formats", "%s %d %% \\0");
        corpus.put("everything at once", "'\"$(id)`id`$HOME;&&|\\*\n\t#~");
        corpus.put("very long", "x'$(y)\"\n".repeat(4_000));
        return corpus;
    }

    /**
     * @param count how many strings
     * @param seed the random seed, so a failure reproduces
     * @return random strings drawn from the characters shells treat specially
     */
    public static List<String> random(int count, long seed) {
        String alphabet = "'\"`$(){}[]*?~#!&|;<>\\ \t\n\r=%^-_.,:/aZ09é日🚀";
        int[] codePoints = alphabet.codePoints().toArray();
        Random random = new Random(seed);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
            }
            strings.add(text.toString());
        }
        return strings;
    }
}
