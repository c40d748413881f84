package dev.proximity.store.json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says about the store file, to tell cheaply whether another writer replaced
 * it (records compare by value). Every write renames a new file into place, so the file key (inode) changes as well as the
 * size and modification time.
 *
 * @param exists whether the file exists
 * @param size its size in bytes
 * @param lastModifiedNanos its modification time
 * @param fileKey the file system's identity of the file (inode), or null where unsupported
 */
record FileStamp(boolean exists, long size, long lastModifiedNanos, Object fileKey) {

    /** The stamp of a file that does not exist. */
    static final FileStamp MISSING = new FileStamp(false, -1, -1, null);

    /**
     * @param file the file
     * @return its current stamp
     * @throws IOException when the attributes cannot be read
     */
    static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(true, attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    attributes.fileKey());
        } catch (NoSuchFileException missing) {
            return MISSING;
        }
    }
}
