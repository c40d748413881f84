package dev.proximity.api.violation;

/** Deliberate violation (test scope only): an API value that is a mutable class, not a record. */
public class MutableApiValue {
    private String name;

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @param name the name */
    public void setName(String name) {
        this.name = name;
    }
}
