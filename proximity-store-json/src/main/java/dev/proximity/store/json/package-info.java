/**
 * The JSON-file store: {@link dev.proximity.store.json.JsonFileStore}, compatible with the legacy
 * {@code apps.json}, opened from {@code json:PATH} URLs by {@link dev.proximity.store.json.JsonStoreFactory};
 * and {@link dev.proximity.store.json.JsonCatalog}, a catalog read from a directory of JSON files.
 */
package dev.proximity.store.json;
