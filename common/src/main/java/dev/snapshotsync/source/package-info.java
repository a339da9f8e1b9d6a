/**
 * The read side: connections over verified TLS, the catalog, the partition planner (pure, over
 * {@link dev.snapshotsync.source.TableStatistics}) and Spark reads of each table. Imports neither
 * {@code shape} nor {@code sink}.
 */
package dev.snapshotsync.source;
