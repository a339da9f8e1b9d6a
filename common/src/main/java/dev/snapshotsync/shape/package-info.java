/**
 * The shape of what partners receive: table contracts and drift ({@link dev.snapshotsync.shape.ColumnPlanner}),
 * column planning over the neutral type mapping ({@link dev.snapshotsync.types.TypeMapping}), per-format
 * rendering, and character sanitization as Spark's built-in expressions ({@link dev.snapshotsync.shape.SanitizeRule},
 * {@link dev.snapshotsync.shape.Shaper}).
 */
package dev.snapshotsync.shape;
