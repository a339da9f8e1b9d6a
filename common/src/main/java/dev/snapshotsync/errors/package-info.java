/** Exception types and the one enum that maps them to process exit codes. */
package dev.snapshotsync.errors;
