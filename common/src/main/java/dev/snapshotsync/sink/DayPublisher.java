package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.manifest.JsonFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a day folder's files with a verified staging directory's, so that a reader that follows
 * {@code _SUCCESS} and {@code _manifest.json} sees the old complete day or the new complete day at
 * every instant, whatever request fails:
 * <ol>
 *   <li>the new files are copied in (if a copy fails, those already copied are deleted again) beside the old ones, under their own names (Spark puts the
 *       write's random job id in every file name, so they never overwrite an old file; a clash is
 *       refused rather than trusted);</li>
 *   <li>{@code _manifest.json} is replaced (one PUT: S3 shows the old object or the new one, never
 *       a mix), naming only the new files, which are all in place;</li>
 *   <li>{@code _SUCCESS} is written (for a day published before it already exists: the manifest is
 *       the commit point; for a new day it is what publishes it);</li>
 *   <li>only then every other object of the folder goes (one bulk delete): the old files, and files
 *       a failed run copied in without publishing them.</li>
 * </ol>
 * No directory is created and no directory deleted, so S3A leaves no directory-marker object in
 * the day folder or its table folder. Staged files in another bucket (target.control-uri) are
 * copied through this JVM, since S3A renames only within one bucket, and so are small files on S3
 * (see {@link #rewrites}); such a copy is written with the day's bucket's settings (encryption, ACL,
 * assumed role). The staged files stay in staging until the run deletes its staging folder.
 */
public final class DayPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DayPublisher.class);
    public static final String MANIFEST = "_manifest.json";

    private final FileSystem fs;
    private final FileSystem stagingFs;
    private final long rewriteLimit;

    /**
     * {@code fs} holds the days, {@code stagingFs} the staging folders (the same one by default);
     * on S3, staged files of at most {@code rewriteLimit} bytes are written into the day through
     * this JVM (target.small-file-rewrite).
     */
    public DayPublisher(FileSystem fs, FileSystem stagingFs, long rewriteLimit) {
        this.fs = requireNonNull(fs, "fs is null");
        this.stagingFs = requireNonNull(stagingFs, "stagingFs is null");
        this.rewriteLimit = rewriteLimit;
    }

    /** Staging and days share one file system (one bucket): a move is S3's own copy. */
    public boolean movesWithinOneFileSystem() {
        return fs.getUri().equals(stagingFs.getUri());
    }

    /** Every file in the day folder now, markers and data alike; none when the folder does not exist. */
    public List<Path> currentObjects(Path day) throws IOException {
        List<Path> objects = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(day)) {
                if (status.isFile()) {
                    objects.add(status.getPath());
                }
            }
        } catch (FileNotFoundException e) {
            return objects;
        }
        return objects;
    }

    /**
     * The files copied into a day, and those of them written through this JVM rather than copied
     * by the store (their encryption is the day's bucket's settings', to be checked again).
     */
    public record CopiedIn(List<WrittenFile> files, List<Path> rewritten) {
        public CopiedIn {
            files = List.copyOf(files);
            rewritten = List.copyOf(rewritten);
        }
    }

    /**
     * Whether a staged file is written into the day through this JVM (a GET and a PUT) instead of
     * the store's own copy: always when staging is in another bucket; on S3, also a file of at
     * most the rewrite limit's bytes (target.small-file-rewrite), because S3A's rename of one file takes about nine requests
     * (HEADs and LISTs of both sides, the copy, the delete, a directory marker for the emptied
     * staging folder), and a small file's bytes cost less than those round trips.
     */
    private boolean rewrites(FileStatus file) {
        return !movesWithinOneFileSystem() || (fs.getScheme().startsWith("s3") && file.getLen() <= rewriteLimit);
    }

    /**
     * Copies the staged data files (as listed when they were checked) into the day, beside whatever
     * is there, each under {@code publishedName} of its staged name, and returns them with their
     * rows from {@code rowsPerFile} (by staged file name). Several at once: on S3 each move is a copy.
     */
    public CopiedIn copyIn(List<FileStatus> files, Path day, List<Path> current, Map<String, Long> rowsPerFile,
                           UnaryOperator<String> publishedName) throws IOException {
        Set<String> taken = new HashSet<>();
        current.forEach(path -> taken.add(path.getName()));
        Map<String, Long> rowsByPublishedName = new HashMap<>();
        rowsPerFile.forEach((name, rows) -> rowsByPublishedName.put(publishedName.apply(name), rows));
        if (!fs.getScheme().startsWith("s3")) {
            // A local file system needs the folder to move files into; S3 needs none (and S3A's
            // mkdirs would leave a directory-marker object there).
            fs.mkdirs(day);
        }
        for (FileStatus file : files) {
            String name = publishedName.apply(file.getPath().getName());
            if (taken.contains(name)) {
                throw new IllegalStateException("staged file '" + file.getPath() + "' would overwrite '" + name
                        + "' of the published day " + day + "; staged names are unique per write");
            }
        }
        try {
            List<WrittenFile> copied = IoTasks.map(files, file -> {
                String name = publishedName.apply(file.getPath().getName());
                Path destination = new Path(day, name);
                if (rewrites(file)) {
                    rewrite(file, destination);
                } else if (!fs.rename(file.getPath(), destination)) {
                    throw new IOException("could not move '" + file.getPath() + "' to '" + destination + "'");
                }
                return new WrittenFile(destination, file.getLen(), rowsByPublishedName.getOrDefault(name, 0L));
            }, "moving files into " + day);
            List<Path> rewritten = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (rewrites(files.get(i))) {
                    rewritten.add(copied.get(i).path());
                }
            }
            return new CopiedIn(copied, rewritten);
        } catch (IOException | RuntimeException e) {
            Set<String> copied = new HashSet<>();
            files.forEach(file -> copied.add(publishedName.apply(file.getPath().getName())));
            removeCopied(day, copied);
            throw e;
        }
    }

    /**
     * Writes a staged file's bytes to {@code destination} in one PUT (S3A buffers a small file and
     * sends it on close), with the day's file system's settings, without S3A's existence checks:
     * the name is new to the day (checked above).
     */
    private void rewrite(FileStatus file, Path destination) throws IOException {
        try (InputStream in = KnownFiles.open(stagingFs, file);
             OutputStream out = JsonFiles.overwrite(fs, destination)) {
            in.transferTo(out);
        }
    }

    /**
     * After a failed copy the day is still the old one; the files already copied are taken out
     * again so that a folder listing shows the old day alone. Best effort: with S3 unreachable
     * they stay, unnamed by any manifest, until the next publish of the day removes them.
     */
    private void removeCopied(Path day, Set<String> copied) {
        try {
            BulkDeletes.delete(fs, day, currentObjects(day).stream().filter(path -> copied.contains(path.getName()))
                    .toList(), "removing the files copied into " + day);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the files copied into {} before the failure: {}", day, e.toString());
        }
    }

    /** {@code _SUCCESS}: written after the manifest; for a day published before it is rewritten. */
    public void markPublished(Path day, String runId) throws IOException {
        try (FSDataOutputStream out = JsonFiles.overwrite(fs, new Path(day, TargetLocation.SUCCESS))) {
            out.write(("run " + runId + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Deletes what was in the day before this publish and is not part of it now: old files and
     * files of failed runs. Called once the new {@code _SUCCESS} is written; the folder keeps at
     * least the new manifest, so S3A has no reason to put a directory marker in its place.
     */
    public void removeOthers(List<Path> before, List<WrittenFile> published) throws IOException {
        Set<String> keep = new HashSet<>(Set.of(MANIFEST, TargetLocation.SUCCESS));
        published.forEach(file -> keep.add(file.path().getName()));
        List<Path> stale = before.stream().filter(path -> !keep.contains(path.getName())).toList();
        if (!stale.isEmpty()) {
            BulkDeletes.delete(fs, stale.get(0).getParent(), stale, "deleting the replaced files");
        }
    }

    /** Data files: not Spark's or our markers ({@code _*}) nor local checksum files ({@code .*}). */
    public static List<FileStatus> dataFiles(FileSystem fs, Path directory) throws IOException {
        return dataFiles(List.of(fs.listStatus(directory)));
    }

    /** The data files among a folder's listing, by name. */
    public static List<FileStatus> dataFiles(List<FileStatus> listing) {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : listing) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(status);
            }
        }
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return files;
    }
}
