package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The life-cycle status of an app. Two values exist only because legacy data holds them
 * ({@link #UPDATE_FAILED}, {@link #ADOPTING}); they are read and kept as they are, never produced
 * by this library.
 */
public enum AppStatus {
    /** Deploy in progress; the recorded intent that reconciliation finishes or cleans up. */
    DEPLOYING(true, false),
    /** Being cloned from another app. */
    CLONING(true, false),
    /** Container and app are up. */
    RUNNING(false, false),
    /** Container is stopped. */
    STOPPED(false, false),
    /** A deploy or action failed; see the deployment log. */
    ERROR(false, false),
    /** An update is in progress. */
    UPDATING(true, false),
    /** Deletion in progress. */
    REMOVING(true, false),
    /** Legacy: an update failed (original system). Read and kept as is. */
    UPDATE_FAILED(false, true),
    /** Legacy: an existing container was being adopted (original system). Read and kept as is. */
    ADOPTING(true, true);

    private final boolean transitional;
    private final boolean legacy;

    AppStatus(boolean transitional, boolean legacy) {
        this.transitional = transitional;
        this.legacy = legacy;
    }

    /**
     * @return true for states that should be short-lived (deploying, cloning, updating, removing,
     *         adopting); reconciliation cleans up apps stuck in them
     */
    public boolean isTransitional() {
        return transitional;
    }

    /**
     * @return true for statuses only legacy data holds
     */
    public boolean isLegacy() {
        return legacy;
    }

    /**
     * @return the name used in stored data, e.g. {@code update_failed}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a stored status name, case-insensitively.
     *
     * @param name the stored name, e.g. {@code running} or {@code update_failed}
     * @return the status
     * @throws InvalidRequestException naming the value and the known statuses when it is unknown
     */
    public static AppStatus fromWireName(String name) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (AppStatus status : values()) {
                if (status.name().equals(wanted)) {
                    return status;
                }
            }
        }
        throw InvalidRequestException.of("status", name, "is not a known status; expected one of "
                + Arrays.stream(values()).map(AppStatus::wireName).collect(Collectors.joining(", ")));
    }
}
