package dev.snapshotsync.sink;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Opens a file the job has just listed, for one read from start to end: with its listed status,
 * S3A needs no HEAD before the GET (Hadoop's openFile with {@code withFileStatus}; other file
 * systems ignore what they do not use).
 */
final class KnownFiles {
    private static final String READ_POLICY = "fs.option.openfile.read.policy";

    private KnownFiles() {}

    static FSDataInputStream open(FileSystem fs, FileStatus file) throws IOException {
        return FutureIO.awaitFuture(fs.openFile(file.getPath()).withFileStatus(file).opt(READ_POLICY, "whole-file")
                .build());
    }
}
