package dev.proximity.samples.ports;

/** PortManager on the JSON file store. */
class JsonPortManagerTest extends PortManagerContractTest {
    @Override
    String newStoreUrl() {
        return "json:" + dir.resolve("apps.json");
    }
}
