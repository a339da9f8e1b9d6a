/**
 * Settings: immutable records loaded once from HOCON text (defaults in {@code reference.conf}),
 * validated in one pass that reports every problem with its config path, value and what is allowed;
 * table contracts, drift policies, sanitize profiles and rule names are configuration too. Imports
 * none of {@code source}, {@code shape}, {@code sink}: reading a file from S3 is the entry point's.
 */
package dev.snapshotsync.config;
