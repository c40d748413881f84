package dev.proximity.api.app;

import dev.proximity.api.Validation;

/**
 * New resources for an app's container; what is null stays as it is.
 *
 * @param cores cores (1 to 8192), or null
 * @param memoryMb memory in MB (at least 16), or null
 * @param diskGb the root disk's new size in GiB: it only grows, or null
 */
public record ResizeRequest(Integer cores, Integer memoryMb, Integer diskGb) {

    /** Validates: something to change, every value in range. */
    public ResizeRequest {
        Validation.errors()
                .check(cores == null && memoryMb == null && diskGb == null, "cores", null,
                        "one of cores, memoryMb or diskGb is required")
                .check(cores != null && (cores < 1 || cores > 8192), "cores", cores, "must be between 1 and 8192")
                .check(memoryMb != null && memoryMb < 16, "memoryMb", memoryMb, "must be at least 16")
                .check(diskGb != null && diskGb < 1, "diskGb", diskGb, "must be at least 1")
                .throwIfAny("resize request");
    }

    /**
     * @param cores cores
     * @param memoryMb memory in MB
     * @return a request for cores and memory
     */
    public static ResizeRequest of(int cores, int memoryMb) {
        return new ResizeRequest(cores, memoryMb, null);
    }

    /**
     * @param gb the root disk's new size in GiB
     * @return a request to grow the root disk
     */
    public static ResizeRequest disk(int gb) {
        return new ResizeRequest(null, null, gb);
    }
}
