/**
 * The preflight checks ({@link dev.snapshotsync.job.preflight.Preflight}): TLS and login to the database,
 * SELECT on each table, and an encrypted test object in the target. Knows nothing of the command line:
 * it returns its {@link dev.snapshotsync.job.preflight.PreflightCheck}s and the command renders them.
 */
package dev.snapshotsync.job.preflight;
