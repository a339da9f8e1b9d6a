/** Identifiers as types that quote themselves safely, and the SQL statements built from them. */
package dev.snapshotsync.sql;
