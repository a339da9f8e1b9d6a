package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Glue's own arguments are dropped, ours reach the export unchanged (no Spark needed). */
class GlueEntryTest {

    @Test
    void dropsGluesOwnArgumentsAndKeepsOursInOrder() {
        List<String> kept = GlueEntry.exportArguments(
                "--JOB_ID", "j_0123456789abcdef", "--config", "s3://artifacts/snapshot-sync/job.conf",
                "--JOB_RUN_ID", "jr_0123456789abcdef", "--job-bookmark-option", "job-bookmark-disable",
                "--TempDir", "s3://aws-glue-assets-111122223333-eu-west-1/temporary/", "--JOB_NAME", "snapshot-sync",
                "--date", "2026-01-15", "--class", "GlueApp", "--job-language", "scala",
                "--extra-jars", "s3://artifacts/snapshot-sync/snapshot-sync-0.1.0-spark41.jar", "--user-jars-first", "true",
                "--enable-metrics", "", "--enable-continuous-cloudwatch-log", "true", "--enable-glue-datacatalog",
                "--continuous-log-logGroup", "/aws-glue/jobs/snapshot-sync", "--SECURITY_CONFIGURATION", "snapshot-sync",
                "--tables", "customers,orders", "--enable-spark-ui=true", "--spark-event-logs-path", "s3://logs/spark/",
                "--encryption-type", "sse-kms", "--datalake-formats", "delta");

        assertEquals(List.of("--config", "s3://artifacts/snapshot-sync/job.conf", "--date", "2026-01-15",
                "--tables", "customers,orders"), kept);
    }

    @Test
    void setFamilyBecomesRepeatedSetBecauseGlueParameterNamesAreUnique() {
        List<String> kept = GlueEntry.exportArguments("--set", "target.format=parquet",
                "--set-fetch", "source.fetch-size=500", "--set-csv=target.csv.delimiter=;", "--JOB_NAME", "n");

        assertEquals(List.of("--set", "target.format=parquet", "--set", "source.fetch-size=500",
                "--set=target.csv.delimiter=;"), kept);
    }

    @Test
    void aMistypedJobParameterIsStillRejectedAsUnknown() {
        StringWriter err = new StringWriter();

        int code = GlueEntry.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "--JOB_NAME", "snapshot-sync", "--config", "s3://artifacts/job.conf", "--tabels", "orders");

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("Unknown options: '--tabels', 'orders'"), err.toString());
    }
}
