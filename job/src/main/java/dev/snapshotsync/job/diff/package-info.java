/**
 * The diff job ({@link dev.snapshotsync.job.diff.DiffJob}): compares two published days of a table by its
 * key and writes the changed rows and a summary. Knows nothing of the command line.
 */
package dev.snapshotsync.job.diff;
