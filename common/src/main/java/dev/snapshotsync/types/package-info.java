/**
 * The neutral table model both sides share: the one mapping from PostgreSQL types to what is read,
 * the Spark type it becomes and what each format gets ({@link dev.snapshotsync.types.TypeMapping}),
 * and the value kinds rendering is chosen by; what the shape step tells the JSON Lines writer about
 * each column ({@link dev.snapshotsync.types.JsonLineColumn}); UTF-8 read by the byte
 * ({@link dev.snapshotsync.types.Utf8Sequence}). Below {@code source} and {@code shape}, so neither
 * imports the other for it.
 */
package dev.snapshotsync.types;
