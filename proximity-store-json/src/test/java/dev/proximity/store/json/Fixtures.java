package dev.proximity.store.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies test resources (the legacy and catalog samples) into a test's own directory. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * @param resource a class-path resource, e.g. {@code legacy/apps-small.json}
     * @param target where to copy it
     * @return the target
     */
    static Path copy(String resource, Path target) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
