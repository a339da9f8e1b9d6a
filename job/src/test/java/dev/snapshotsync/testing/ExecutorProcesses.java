package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The executor JVMs a local-cluster driver started, found by their command line, and which of them
 * holds a given TCP connection: Linux's {@code /proc/net/tcp*} gives the socket's inode for a
 * local port, {@code /proc/<pid>/fd} the process that has it open. With a database backend's
 * {@code client_port} this names the executor running that read, so a test kills that one.
 */
public final class ExecutorProcesses {
    private ExecutorProcesses() {}

    public static List<ProcessHandle> of(Process driver) {
        return driver.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** The process among {@code candidates} with an open TCP socket on local port {@code port}. */
    public static Optional<ProcessHandle> owningLocalPort(List<ProcessHandle> candidates, int port) {
        Optional<String> inode = Stream.of("/proc/net/tcp", "/proc/net/tcp6").flatMap(ExecutorProcesses::lines)
                .map(String::strip).map(l -> l.split("\\s+"))
                .filter(f -> f.length > 9 && f[1].endsWith(":" + String.format(Locale.ROOT, "%04X", port)))
                .map(f -> f[9]).filter(i -> !i.equals("0")).findFirst();
        return inode.flatMap(i -> candidates.stream().filter(p -> holds(p.pid(), "socket:[" + i + "]")).findFirst());
    }

    private static boolean holds(long pid, String target) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(target);
                } catch (IOException e) {
                    return false; // closed while we looked
                }
            });
        } catch (IOException e) {
            return false; // the process ended
        }
    }

    private static Stream<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().skip(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
