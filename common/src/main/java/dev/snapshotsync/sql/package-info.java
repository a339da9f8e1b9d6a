/**
 * Identifiers as types that quote themselves safely, the SQL statements built from them, and the
 * catalog's column ({@link dev.snapshotsync.sql.SourceColumn}) that source and shape both describe.
 */
package dev.snapshotsync.sql;
