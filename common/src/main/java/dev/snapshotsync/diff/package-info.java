/**
 * Comparing two published days of a table by key: which key to use, how the two schemas relate,
 * the row comparison as one Spark join, and the summary it produces.
 */
package dev.snapshotsync.diff;
