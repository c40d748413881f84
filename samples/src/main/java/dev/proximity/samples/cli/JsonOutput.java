package dev.proximity.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** How commands print for scripts ({@code --json}) and fill empty table cells. */
final class JsonOutput {

    /** Times as ISO-8601 text, as everywhere else in Proximity's JSON. */
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(java.time.Instant.class, ToStringSerializer.instance)
            .addSerializer(java.time.Duration.class, ToStringSerializer.instance));

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
