package dev.snapshotsync.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for file-system work run on a small pool (row counts, moves), with its own exceptions. */
final class IoTasks {
    private IoTasks() {}

    /** The task's result; its IOException or RuntimeException is rethrown as it was. */
    static <T> T await(Future<T> task, String doing) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(doing + " failed", cause);
        }
    }
}
