package dev.proximity.api.store;

import dev.proximity.api.testing.ChildJvm;
import dev.proximity.api.testing.LockHolderMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store locks across processes, for adapters that other processes can share: a lock another JVM
 * holds excludes this one, and a holder killed with SIGKILL leaves nothing held behind.
 */
public abstract class StoreLockAcrossProcessesTest {

    @TempDir
    protected Path directory;

    /**
     * @return the URL of a store that a child JVM can open too
     * @throws Exception when it cannot be prepared
     */
    protected abstract String storeUrl() throws Exception;

    @Test
    void aLockHeldByAKilledProcessIsFreeAtOnce() throws Exception {
        String url = storeUrl();
        try (ProximityStore store = Stores.open(url);
             ChildJvm holder = ChildJvm.start(LockHolderMain.class, directory.resolve("holder.err"), url, "app:shared")) {
            assertThat(holder.nextLine(Duration.ofSeconds(60))).as(holder.stderr()).isEqualTo("locked app:shared");

            assertThat(store.lock("app:shared", Duration.ofMillis(300))).isEmpty();
            Optional<StoreLock> other = store.lock("app:other", Duration.ZERO);
            assertThat(other).isPresent();
            other.get().close();

            holder.kill();
            Optional<StoreLock> taken = store.lock("app:shared", Duration.ofSeconds(30));
            assertThat(taken).isPresent();
            taken.get().close();
        }
    }
}
