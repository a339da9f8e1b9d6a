/**
 * The command-line layer: {@link dev.snapshotsync.job.Main} (picocli), the commands, option parsing and
 * configuration loading, error blocks and exit codes, the Spark session, and the Glue entry
 * ({@link dev.snapshotsync.job.GlueEntry}). The jobs it runs live in {@code job.export}, {@code job.diff} and
 * {@code job.preflight}, which never import this package (LayeringTest), so that a Glue script, a notebook
 * or a test can run them without the command line.
 */
package dev.snapshotsync.job;
