/**
 * Settings: immutable records loaded once from HOCON (defaults in {@code reference.conf}),
 * validated in one pass that reports every problem with its config path, value and what is allowed.
 */
package dev.snapshotsync.config;
