/** The read side: connections over verified TLS, the catalog, and Spark reads of each table. */
package dev.snapshotsync.source;
