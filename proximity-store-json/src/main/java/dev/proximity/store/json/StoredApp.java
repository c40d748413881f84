package dev.proximity.store.json;

import dev.proximity.api.app.App;

import java.util.List;

/**
 * An app as the file holds it: the domain value, the text of its entry in the file (written back
 * as is while the app is unchanged, so unknown fields and original spellings survive byte for
 * byte), and the caveats found while reading it. Keeping the text rather than a parsed tree keeps
 * memory low and makes rewriting unchanged entries a copy.
 *
 * @param app the app
 * @param json its entry in the {@code apps} array, as JSON text
 * @param warnings what was read with a loss, each naming field and value
 */
record StoredApp(App app, String json, List<String> warnings) {

    /** Copies the warnings. */
    StoredApp {
        warnings = List.copyOf(warnings);
    }
}
