/**
 * TLS trust from PEM bundles, shared by both sides: the database connections (source) and the S3
 * clients of an S3-compatible endpoint signed by a private CA (sink).
 */
package dev.snapshotsync.tls;
