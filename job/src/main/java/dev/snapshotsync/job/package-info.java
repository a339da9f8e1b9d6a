/** Entry points and commands: the CLI ({@link dev.snapshotsync.job.Main}), the export job, the Spark session. */
package dev.snapshotsync.job;
