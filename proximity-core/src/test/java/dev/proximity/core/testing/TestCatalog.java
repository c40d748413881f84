package dev.proximity.core.testing;

import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.catalog.CatalogEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog entries of the shared fixtures (nginx, wordpress, adminer-like), in memory. */
public final class TestCatalog implements Catalog {

    private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();

    /** @return nginx (256 MB, 1 core, port 80, one volume) and wordpress (1024 MB, 2 cores, a secret) */
    public static TestCatalog standard() {
        TestCatalog catalog = new TestCatalog();
        catalog.add(new CatalogEntry("nginx", "Nginx", "latest", "Web server", "Web Server",
                Map.of("services", Map.of("nginx", Map.of("image", "nginx:latest", "ports", List.of("80:80"),
                        "volumes", List.of("nginx_data:/usr/share/nginx/html"), "restart", "always")),
                        "volumes", Map.of("nginx_data", Map.of())),
                256, 1, List.of(80), List.of("nginx_data"), Map.of(), "nginx.svg", List.of("web")));
        Map<String, Object> wordpress = new LinkedHashMap<>();
        wordpress.put("image", "wordpress:6");
        wordpress.put("ports", List.of("80:80"));
        wordpress.put("environment", Map.of("WORDPRESS_DB_PASSWORD", "${DB_PASSWORD}"));
        wordpress.put("volumes", List.of("wp_html:/var/www/html"));
        catalog.add(new CatalogEntry("wordpress", "WordPress", "6", "Blog", "CMS",
                Map.of("services", Map.of("wordpress", wordpress, "db", Map.of("image", "mariadb:11",
                                "volumes", List.of("wp_db:/var/lib/mysql"))),
                        "volumes", Map.of("wp_html", Map.of(), "wp_db", Map.of())),
                1024, 2, List.of(80), List.of("wp_html", "wp_db"), Map.of("DB_PASSWORD", ""), null, List.of("cms")));
        return catalog;
    }

    /** @param entry an entry to offer @return this */
    public TestCatalog add(CatalogEntry entry) {
        entries.put(entry.id(), entry);
        return this;
    }

    @Override
    public Optional<CatalogEntry> find(String catalogId) {
        return Optional.ofNullable(entries.get(catalogId));
    }

    @Override
    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }
}
