package com.example.consumer;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;

import java.util.List;

/** A user's program: lists the apps of a Proximity store named by URL. */
public final class AppInventory {

    private AppInventory() {
    }

    public static List<String> list(String storeUrl) {
        try (ProximityStore store = Stores.open(storeUrl)) {
            return store.read(session -> session.apps().find(AppQuery.all()).items().stream()
                    .map(app -> app.id() + " " + app.status().wireName()).toList());
        }
    }

    public static void main(String[] args) {
        list(args[0]).forEach(System.out::println);
    }
}
