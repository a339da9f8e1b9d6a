package dev.snapshotsync.sink;

import java.util.Map;

/**
 * The Parquet side of the type mapping ({@link dev.snapshotsync.types.TypeMapping}'s Parquet
 * column): session settings the writers need in both Spark lines, set once per run.
 */
public final class ParquetSettings {

    /**
     * Spark settings the Parquet mapping needs in both lines: instants as INT64 microseconds
     * (not the legacy INT96), and dates and times before 1582 written as they are (proleptic
     * Gregorian, like PostgreSQL) rather than failing (Spark 3.5's default for old dates).
     */
    public static final Map<String, String> SPARK_SETTINGS = Map.of(
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED",
            "spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");

    private ParquetSettings() {}
}
