package dev.proximity.proxmox.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a command's output up to a limit, so a runaway command cannot exhaust the caller's memory.
 * Bytes past the limit are counted, not kept, and the text says how many were dropped.
 */
final class CappedOutput extends OutputStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final long limit;
    private long dropped;

    /**
     * @param limit the most bytes to keep
     */
    CappedOutput(long limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = (int) Math.max(0, Math.min(length, limit - kept.size()));
        kept.write(bytes, offset, room);
        dropped += length - room;
    }

    /**
     * @return the kept output as UTF-8 text, followed by a note when bytes were dropped
     */
    synchronized String text() {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text
                : text + "\n[proximity: output truncated after " + limit + " bytes; " + dropped + " more bytes dropped]\n";
    }
}
