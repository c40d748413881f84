package dev.proximity.store.json;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared store contract, run against a JSON file in a fresh directory. */
class JsonStoreContractTest extends StoreContractTest {

    @TempDir
    Path directory;

    @Override
    protected ProximityStore openEmptyStore() {
        return JsonFileStore.open(directory.resolve("data").resolve("apps.json"));
    }
}
