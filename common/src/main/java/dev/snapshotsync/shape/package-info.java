/**
 * The shape of what partners receive: the column plan from a table's contract and the catalog,
 * with drift ({@link dev.snapshotsync.shape.ColumnPlanner}), per-format rendering, and the
 * configured sanitize rules as Spark's built-in expressions ({@link dev.snapshotsync.shape.SanitizeExpression},
 * {@link dev.snapshotsync.shape.Shaper}). Contracts and rule names are configuration ({@code config}).
 */
package dev.snapshotsync.shape;
