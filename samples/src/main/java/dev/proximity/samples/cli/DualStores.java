package dev.proximity.samples.cli;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreUrl;
import dev.proximity.api.store.Stores;
import dev.proximity.core.DualWriteStore;

/** Opens the dual-write store a {@code --store} option names. */
final class DualStores {

    private DualStores() {
    }

    static DualWriteStore open(String url) {
        if (StoreUrl.parse(url).kind() != StoreUrl.Kind.DUAL) {
            throw InvalidRequestException.of("--store", StoreUrl.parse(url).toString(),
                    "is not a dual-write store; expected dual:json:PATH/apps.json|jdbc:sqlite:PATH (or |jdbc:postgresql://...)");
        }
        ProximityStore store = Stores.open(url);
        return (DualWriteStore) store;
    }
}
