package dev.proximity.core.internal.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.Page;
import dev.proximity.core.internal.AppDifferences;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares two answers to one read, field by field where they hold apps (the version is not compared:
 * each store counts its own writes), by equality otherwise.
 */
final class ShadowDifferences {

    private ShadowDifferences() {
    }

    static List<String> between(Object primary, Object secondary) {
        List<String> differences = new ArrayList<>();
        compare("", primary, secondary, differences);
        return differences;
    }

    private static void compare(String where, Object one, Object other, List<String> out) {
        if (one instanceof Optional<?> a && other instanceof Optional<?> b) {
            if (a.isPresent() != b.isPresent()) {
                out.add(where + (a.isPresent() ? "present vs absent" : "absent vs present"));
            } else if (a.isPresent()) {
                compare(where, a.get(), b.get(), out);
            }
        } else if (one instanceof App a && other instanceof App b) {
            String prefix = where + "app " + a.id() + ": ";
            if (!a.id().equals(b.id())) {
                out.add(prefix + "id: " + a.id() + " vs " + b.id());
            } else {
                AppDifferences.between(a, b).forEach(field -> out.add(prefix + field));
            }
        } else if (one instanceof Page<?> a && other instanceof Page<?> b) {
            if (a.total() != b.total()) {
                out.add(where + "total: " + a.total() + " vs " + b.total());
            }
            compare(where, a.items(), b.items(), out);
        } else if (one instanceof Collection<?> a && other instanceof Collection<?> b) {
            if (a.size() != b.size()) {
                out.add(where + "size: " + a.size() + " vs " + b.size());
            }
            Iterator<?> left = a.iterator();
            Iterator<?> right = b.iterator();
            for (int index = 0; left.hasNext() && right.hasNext(); index++) {
                compare(where + "[" + index + "] ", left.next(), right.next(), out);
            }
        } else if (one instanceof Map<?, ?> a && other instanceof Map<?, ?> b) {
            if (!a.keySet().equals(b.keySet())) {
                out.add(where + "keys: " + a.keySet() + " vs " + b.keySet());
            }
            a.forEach((key, value) -> {
                if (b.containsKey(key)) {
                    compare(where + key + ": ", value, b.get(key), out);
                }
            });
        } else if (!Objects.equals(one, other)) {
            out.add(where + one + " vs " + other);
        }
    }
}
