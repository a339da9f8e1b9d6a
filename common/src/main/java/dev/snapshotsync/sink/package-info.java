/**
 * The write side: S3A settings per bucket, format writers, staging, counting, encryption
 * verification, the publish of a day and its {@code _manifest.json} ({@link dev.snapshotsync.sink.TableSink}
 * takes each table through {@code TableTarget}, {@code StagedTable}, {@code CountedTable},
 * {@code PublishedTable}), and the one translator of S3 failures ({@link dev.snapshotsync.sink.TargetErrors}).
 * Imports neither {@code source} nor {@code shape}.
 */
package dev.snapshotsync.sink;
