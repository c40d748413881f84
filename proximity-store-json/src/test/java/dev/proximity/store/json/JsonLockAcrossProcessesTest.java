package dev.proximity.store.json;

import dev.proximity.api.store.StoreLockAcrossProcessesTest;

/** Store locks across JVMs sharing one JSON file. */
class JsonLockAcrossProcessesTest extends StoreLockAcrossProcessesTest {

    @Override
    protected String storeUrl() {
        return "json:" + directory.resolve("apps.json");
    }
}
