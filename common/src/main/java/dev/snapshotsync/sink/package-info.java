/**
 * The write side: S3A settings per bucket, format writers, staging, encryption verification and
 * the publish of a day.
 */
package dev.snapshotsync.sink;
