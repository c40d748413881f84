package dev.proximity.store.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.app.App;

import java.util.List;

/**
 * An app as the file holds it: the domain value, the JSON object it was read from (written back
 * as is while the app is unchanged, so unknown fields and original spellings survive), and the
 * caveats found while reading it. The JSON object is never mutated once created.
 *
 * @param app the app
 * @param json its entry in the {@code apps} array
 * @param warnings what was read with a loss, each naming field and value
 */
record StoredApp(App app, ObjectNode json, List<String> warnings) {

    /** Copies the warnings. */
    StoredApp {
        warnings = List.copyOf(warnings);
    }
}
