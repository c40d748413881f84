package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Waits for a task: polls quickly at first, then less often up to a cap; believes {@code no such task}
 * only after a grace period (fresh tasks briefly answer it); turns a failed task into a
 * {@link PlatformTaskException} with the tail of its log.
 */
final class TaskWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(TaskWaiter.class);
    static final int LOG_TAIL_LINES = 10;

    private final ProxmoxClient client;
    private final TaskPolling polling;

    TaskWaiter(ProxmoxClient client, TaskPolling polling) {
        this.client = client;
        this.polling = polling;
    }

    TaskStatus await(Upid upid, Duration timeout) {
        long startedNanos = System.nanoTime();
        long deadlineNanos = startedNanos + timeout.toNanos();
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new PlatformTimeoutException("task " + upid, timeout);
            }
            Duration interval = polling.intervalAfter(Duration.ofNanos(System.nanoTime() - startedNanos));
            pause(upid, Duration.ofNanos(Math.min(interval.toNanos(), remaining)));
            TaskStatus status;
            try {
                status = client.taskStatus(upid);
            } catch (PlatformException e) {
                if (isNoSuchTask(e) && Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(polling.noSuchTaskGrace()) < 0) {
                    LOG.debug("task {} not visible yet", upid);
                    continue;
                }
                throw e;
            }
            if (status.running()) {
                continue;
            }
            if (status.succeeded()) {
                if (status.hasWarnings()) {
                    LOG.warn("task {} finished with {}", upid, status.exitStatus());
                }
                return status;
            }
            throw new PlatformTaskException(upid.value(), status.exitStatus(), logTail(upid));
        }
    }

    private List<String> logTail(Upid upid) {
        try {
            int total = client.taskLog(upid, 0, 1).total();
            return client.taskLog(upid, Math.max(0, total - LOG_TAIL_LINES), LOG_TAIL_LINES).lines();
        } catch (PlatformException e) {
            LOG.debug("cannot read the log of failed task {}", upid, e);
            return List.of("(task log unavailable: " + e.getMessage() + ")");
        }
    }

    private static boolean isNoSuchTask(PlatformException e) {
        if (!(e instanceof PlatformRefusedException refused)) {
            return false;
        }
        String upidError = refused.fieldErrors().get("upid");
        return refused.httpStatus() == 400 && upidError != null && upidError.contains("no such task");
    }

    private static void pause(Upid upid, Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("task " + upid, "interrupted while waiting", e);
        }
    }
}
