package dev.proximity.api.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Outbound port: where catalog entries come from (a directory of JSON files, a remote index...).
 */
public interface Catalog {

    /**
     * @param catalogId the catalog id
     * @return the entry, if the catalog has it
     */
    Optional<CatalogEntry> find(String catalogId);

    /**
     * @return every entry, sorted by id
     */
    List<CatalogEntry> entries();
}
