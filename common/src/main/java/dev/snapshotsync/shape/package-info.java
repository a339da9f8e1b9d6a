/**
 * The shape of what partners receive: table contracts and drift ({@link dev.snapshotsync.shape.ColumnPlanner}),
 * the one mapping from PostgreSQL types to Spark and to each format ({@link dev.snapshotsync.shape.TypeMapping}),
 * and character sanitization as Spark's built-in expressions ({@link dev.snapshotsync.shape.SanitizeRule},
 * {@link dev.snapshotsync.shape.Shaper}).
 */
package dev.snapshotsync.shape;
