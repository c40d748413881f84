package dev.proximity.store.jpa;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreFactory;
import dev.proximity.api.store.StoreUrl;

/**
 * Service provider for {@link dev.proximity.api.store.Stores#open}: opens {@code jdbc:sqlite:} and
 * {@code jdbc:postgresql:} URLs as a {@link JpaStore}. Registered in
 * {@code META-INF/services/dev.proximity.api.store.StoreFactory}.
 */
public final class JpaStoreFactory implements StoreFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public JpaStoreFactory() {
    }

    @Override
    public boolean supports(StoreUrl url) {
        return url.kind() == StoreUrl.Kind.SQLITE || url.kind() == StoreUrl.Kind.POSTGRESQL;
    }

    @Override
    public ProximityStore open(StoreUrl url) {
        return JpaStore.open(url);
    }
}
