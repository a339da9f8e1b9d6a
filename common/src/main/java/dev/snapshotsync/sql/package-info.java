/**
 * Identifiers as types that quote themselves safely, the SQL statements built from them, what a
 * configured table reads ({@link dev.snapshotsync.sql.Relation}: a named table or a custom query), and the
 * catalog's column ({@link dev.snapshotsync.sql.SourceColumn}) that source and shape both describe.
 */
package dev.snapshotsync.sql;
