package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreContractTest;
import dev.proximity.api.store.Stores;
import dev.proximity.core.DualWriteStore;
import dev.proximity.core.ShadowReadListener;
import dev.proximity.samples.support.Phases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole store contract through a dual-write store, in each phase that reads or writes both
 * stores' data. Every read of the middle phases is shadow-compared, and any disagreement fails the test:
 * the mirror must keep the secondary equal to the primary record by record.
 */
abstract class DualWriteStoreContract extends StoreContractTest {

    @TempDir
    Path directory;

    private final List<ShadowReadListener.Comparison> mismatches = new CopyOnWriteArrayList<>();

    abstract MigrationPhase phase();

    String databaseUrl() {
        return "jdbc:sqlite:" + directory.resolve("proximity.db");
    }

    @Override
    protected ProximityStore openEmptyStore() {
        DualWriteStore dual = DualWriteStore.builder(Stores.open("json:" + directory.resolve("apps.json")), Stores.open(databaseUrl()))
                .shadowReads(1.0, comparison -> {
                    if (!comparison.matched()) {
                        mismatches.add(comparison);
                    }
                })
                .build();
        Phases.advance(dual, phase(), false);
        return dual;
    }

    @AfterEach
    void theStoresNeverDisagreed() {
        assertThat(mismatches).isEmpty();
    }
}
