package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.LockSettings;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.manifest.JsonFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on {@code <control>/_locks/<table>.snapshot_date=D.json} (TargetLocation#lock), so two
 * runs of one table and day never interleave their files. S3 has no lock primitive that both Hadoop lines can use (S3A's
 * conditional create, {@code If-None-Match}, exists only from hadoop-aws 3.4), so a run writes its
 * lease, waits a moment and reads it back: of two runs that raced, only the last writer finds its
 * own lease, the other backs off. A heartbeat renews the leases; a killed run stops renewing and
 * its leases expire after {@code target.lock.lease}, after which the next run takes over and
 * deletes the dead run's staging directory: the one its run id names under {@code _staging/}
 * (see {@link LockLease#parse}: a lock's content is never trusted with a path).
 */
public final class DayLocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DayLocks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int READ_ATTEMPTS = 5;
    private static final Duration RENEWAL_WAIT = Duration.ofSeconds(10);

    private final FileSystem fs;
    private final LockSettings settings;
    private final Clock clock;
    private final String runId;
    private final TargetLocation location;
    /** Read by the heartbeat's thread while the run's thread may release them. */
    private final List<Path> held = new CopyOnWriteArrayList<>();
    private final Set<Path> abandonedStaging = new LinkedHashSet<>();
    private long writtenAt;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "snapshot-sync-lock-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public DayLocks(FileSystem fs, LockSettings settings, Clock clock, String runId, TargetLocation location) {
        this.fs = requireNonNull(fs, "fs is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.location = requireNonNull(location, "location is null");
        location.staging(runId);
    }

    /**
     * Takes every lock or none. It waits, holding none, until every lock is free, then writes them
     * all at once: a run never holds some locks while it waits for others, so two runs that want
     * overlapping tables cannot wait for each other. The reads and writes go out several at once
     * (a run of many tables pays a few round trips, not a few per table).
     */
    public void acquire(List<Path> locks) {
        try {
            waitUntilFree(locks);
            // Added first: a write that fails may have landed, and releasing reads each lock and
            // deletes only this run's leases.
            held.addAll(locks);
            IoTasks.map(locks, lock -> {
                write(lock);
                return lock;
            }, "writing the run's locks");
            writtenAt = System.nanoTime();
        } catch (IOException e) {
            close();
            throw SnapshotSyncException.target("target: taking the run's locks under '" + locks.get(0).getParent()
                    + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while taking locks", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long period = Math.max(1, settings.lease().toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Confirms, at least a second after the locks were written, that every one still holds this
     * run's live lease: of two runs that wrote the same lock at once, the one whose write was
     * overwritten stops here. Called before publishing, so the wait overlaps the export instead of
     * adding to it; a lock held by another live run is refused at once by {@link #acquire}.
     */
    public void confirm() {
        List<Path> locks = List.copyOf(held);
        try {
            long left = SETTLE.toNanos() - (System.nanoTime() - writtenAt);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            checkHeld();
        } catch (IOException e) {
            close();
            throw SnapshotSyncException.target("target: confirming the run's locks " + locks + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while confirming locks", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Staging directories of dead runs whose expired leases this run took over. */
    public List<Path> abandonedStaging() {
        return List.copyOf(abandonedStaging);
    }

    /** Fails (exit 4) unless every lock still holds this run's live lease; called before publishing. */
    public void checkHeld() throws IOException {
        List<Path> locks = List.copyOf(held);
        List<LockLease> leases = readAll(locks);
        for (int i = 0; i < locks.size(); i++) {
            Path lock = locks.get(i);
            LockLease lease = leases.get(i);
            if (lease == null || !lease.runId().equals(runId) || !lease.liveAt(clock.instant())) {
                throw new SnapshotSyncException(ErrorKind.TARGET, "target: lost the lock '" + lock + "' to run '"
                        + (lease == null ? "none" : lease.runId()) + "'. Another run is exporting the same table "
                        + "and day; this run published nothing there. Run one export per table and day at a time, "
                        + "and keep target.lock.lease (" + settings.lease() + ") well above the time one renewal takes.");
            }
        }
    }

    private void waitUntilFree(List<Path> locks) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(settings.waitTimeout());
        // Every lock is read again after a wait, not only the busy ones: one free before the wait
        // may have been taken by another run since, and must not be written over.
        while (true) {
            List<LockLease> leases = readAll(locks);
            Instant now = clock.instant();
            List<Path> busy = new ArrayList<>();
            LockLease blocking = null;
            for (int i = 0; i < locks.size(); i++) {
                LockLease lease = leases.get(i);
                if (lease == null || lease.runId().equals(runId)) {
                    continue;
                }
                if (!lease.liveAt(now)) {
                    LOG.warn("taking over lock {} from run {}, whose lease expired at {}", locks.get(i),
                            lease.runId(), lease.expiresAt());
                    abandonedStaging.add(location.staging(lease.runId()));
                    continue;
                }
                if (blocking == null) {
                    blocking = lease;
                }
                busy.add(locks.get(i));
            }
            if (busy.isEmpty()) {
                return;
            }
            if (!now.isBefore(deadline)) {
                throw new SnapshotSyncException(ErrorKind.TARGET, "target: locked '" + busy.get(0) + "' by run '"
                        + blocking.runId() + "' until " + blocking.expiresAt() + ". Another run is exporting this "
                        + "table and day. Wait for it to finish (or set target.lock.wait, now " + settings.waitTimeout()
                        + "); if that run died, its lock frees itself at " + blocking.expiresAt() + ".");
            }
            Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, Duration.between(now, deadline).toMillis())));
        }
    }

    /**
     * Off the run's path, every third of the lease: each lease read and rewritten, several at once,
     * and one that fails does not keep the others from being renewed. One lock after another took
     * longer than the lease for a run of 1,000 tables on a loaded S3-compatible server, and the
     * run then found its locks expired before publishing.
     */
    private void renew() {
        try {
            IoTasks.map(List.copyOf(held), lock -> {
                if (heartbeat.isShutdown()) {
                    return lock;
                }
                try {
                    LockLease lease = read(lock);
                    if (lease != null && lease.runId().equals(runId)) {
                        write(lock);
                    } else {
                        LOG.error("lock {} is no longer held by this run (now: {})", lock, lease);
                    }
                } catch (IOException | RuntimeException e) {
                    if (heartbeat.isShutdown()) {
                        // The run is releasing its locks and stopped this renewal (close()): no news.
                        LOG.debug("renewal of {} stopped as the run releases its locks: {}", lock, e.toString());
                    } else {
                        LOG.warn("could not renew the lock {}: {}", lock, e.toString());
                    }
                }
                return lock;
            }, "renewing the run's locks");
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not renew the run's locks: {}", e.toString());
        }
    }

    private void write(Path lock) throws IOException {
        LockLease lease = new LockLease(runId, location.staging(runId).toString(),
                clock.instant().plus(settings.lease()).toString());
        try (OutputStream out = JsonFiles.overwrite(fs, lock)) {
            out.write(JSON.writeValueAsBytes(lease));
        }
    }

    /**
     * The leases of {@code locks} (null where there is none), from one listing of their folder:
     * a lock not listed needs no request, a listed one only its GET (KnownFiles), where reading
     * each by itself takes a HEAD and a GET. A lease rewritten since the listing (S3A then refuses
     * the listed version) or deleted since is read again by itself.
     */
    private List<LockLease> readAll(List<Path> locks) throws IOException {
        Map<Path, FileStatus> listed = new HashMap<>();
        for (Path folder : new LinkedHashSet<>(locks.stream().map(Path::getParent).toList())) {
            try {
                for (FileStatus status : fs.listStatus(folder)) {
                    listed.put(status.getPath(), status);
                }
            } catch (FileNotFoundException e) {
                LOG.debug("no lock folder {} yet", folder);
            }
        }
        return IoTasks.map(locks, lock -> {
            FileStatus status = listed.get(fs.makeQualified(lock));
            if (status == null) {
                return null;
            }
            try (InputStream in = KnownFiles.open(fs, status)) {
                return LockLease.parse(in.readAllBytes(), lock, location);
            } catch (IOException e) {
                LOG.debug("lock {} changed since it was listed ({}); reading it again", lock, e.toString());
                return read(lock);
            }
        }, "reading the run's locks");
    }

    /**
     * The heartbeat rewrites a lease while it may be read (by this run's check or another run), and
     * S3A's change detection then fails the read (RemoteFileChangedException: the ETag changed
     * between HEAD and GET). Such a read is simply tried again.
     */
    private LockLease read(Path lock) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = fs.open(lock)) {
                return LockLease.parse(in.readAllBytes(), lock, location);
            } catch (FileNotFoundException e) {
                return null;
            } catch (IOException e) {
                if (attempt >= READ_ATTEMPTS || !e.getClass().getSimpleName().equals("RemoteFileChangedException")) {
                    throw e;
                }
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a lock");
        }
    }

    /**
     * Stops the heartbeat and releases the leases; also what a failed acquire or confirm does, so
     * that no renewal runs (or logs a lease it finds released) while the leases are deleted.
     */
    @Override
    public void close() {
        // A renewal under way finishes first: a lease it wrote after the release would outlive the run.
        heartbeat.shutdown();
        try {
            if (!heartbeat.awaitTermination(RENEWAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                heartbeat.shutdownNow();
            }
        } catch (InterruptedException e) {
            heartbeat.shutdownNow();
            Thread.currentThread().interrupt();
        }
        releaseQuietly();
    }

    /**
     * Deletes this run's leases: each is read (several at once) and those still this run's go in
     * one bulk delete (BulkDeletes); then, once, the emptied {@code _locks/} folder's marker, if a
     * file system left one.
     */
    private void releaseQuietly() {
        List<Path> locks = List.copyOf(held);
        try {
            List<LockLease> leases = readAll(locks);
            List<Path> ours = new ArrayList<>();
            for (int i = 0; i < locks.size(); i++) {
                if (leases.get(i) != null && leases.get(i).runId().equals(runId)) {
                    ours.add(locks.get(i));
                }
            }
            if (!locks.isEmpty()) {
                BulkDeletes.delete(fs, locks.get(0).getParent(), ours, "releasing the run's locks");
                removeEmptyFolders(locks.get(0).getParent());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the run's locks {}: {}", locks, e.toString());
        }
        held.clear();
    }

    /**
     * S3A puts a directory-marker object in place of a folder whose last object it deleted
     * ({@code _locks/}); the run leaves none behind: each emptied folder up to the control
     * root goes (S3A may then mark its parent, which the next step removes). A folder another run
     * just wrote to is not empty, and S3A refuses to delete it non-recursively.
     */
    private void removeEmptyFolders(Path folder) throws IOException {
        Path root = new Path(location.control());
        for (Path dir = folder; dir != null && !dir.equals(root) && dir.depth() > root.depth(); dir = dir.getParent()) {
            try {
                if (fs.listStatus(dir).length > 0) {
                    return;
                }
                fs.delete(dir, false);
            } catch (FileNotFoundException e) {
                LOG.debug("{} is already gone", dir);
            } catch (PathIsNotEmptyDirectoryException e) {
                return;
            }
        }
    }
}
