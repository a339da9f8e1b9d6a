/**
 * What a run leaves for its readers to trust: the per table and day {@code _manifest.json} and the
 * run summary under {@code _runs/}, as records written with Jackson. Fields may be added, never
 * renamed (a contract, see DESIGN.md section 3).
 */
package dev.snapshotsync.manifest;
