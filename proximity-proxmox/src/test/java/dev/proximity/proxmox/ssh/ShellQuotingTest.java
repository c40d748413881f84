package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellQuotingTest {

    static Stream<Arguments> hostile() {
        return HostileStrings.corpus().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void quotedWordReadsBackVerbatimThroughRealShell(String name, String text) throws Exception {
        String output = runShell("printf '%s' " + ShellQuoting.quote(text));

        assertThat(output).isEqualTo(text);
    }

    @Test
    void randomStringsOfShellMetacharactersRoundTrip() throws Exception {
        List<String> strings = HostileStrings.random(300, 20261122L);
        String script = "printf '%s\\0' " + strings.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));

        String output = runShell(script);

        assertThat(output.split("\0", -1)).containsExactlyElementsOf(withEmptyTail(strings));
    }

    @Test
    void quotedWordIsOneArgumentEvenWhenItLooksLikeSeveral() throws Exception {
        String output = runShell("set -- " + ShellQuoting.quote("a b; c") + "; echo $#");

        assertThat(output).isEqualTo("1\n");
    }

    @Test
    void singleQuoteBecomesCloseEscapeReopen() {
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("$(id)")).isEqualTo("'$(id)'");
    }

    @Test
    void nulCannotBeQuotedAndIsRejected() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("NUL");
    }

    private static List<String> withEmptyTail(List<String> strings) {
        // printf '%s\0' ends with a separator, so splitting yields one trailing empty element.
        return Stream.concat(strings.stream(), Stream.of("")).toList();
    }

    /** Feeds the script to /bin/sh on stdin (as UTF-8 bytes, bypassing argv encoding) and returns stdout. */
    static String runShell(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = new Thread(() -> {
            try (var stdin = process.getOutputStream()) {
                stdin.write(script.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        String output = readAll(process.getInputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("shell finished").isTrue();
        writer.join();
        assertThat(process.exitValue()).as("shell exit code").isZero();
        return output;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
