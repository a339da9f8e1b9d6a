/**
 * The export job ({@link dev.snapshotsync.job.export.ExportJob}): one snapshot for the run, the catalog
 * step, each table staged, checked and published in order, the run report, progress and completion
 * delivery. Knows nothing of the command line: it takes settings and a session and returns a
 * {@link dev.snapshotsync.job.export.RunSummary} or throws a classified error.
 */
package dev.snapshotsync.job.export;
