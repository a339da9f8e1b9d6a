package dev.snapshotsync.config;

/** Settings of a run as a whole. */
public record RunSettings(boolean allowFutureDates) {}
