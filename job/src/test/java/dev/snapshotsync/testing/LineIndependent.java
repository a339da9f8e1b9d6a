package dev.snapshotsync.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the job's own logic that no Spark line changes: publishing and its S3 faults, locks
 * and kills of CSV runs, the catalog and completion events, configuration problems, deployment
 * files. It runs with the primary line's build (spark41) only; the spark35 build excludes its tag
 * ({@code test.excluded.groups}), which keeps both lines inside the suite's time budget. A test
 * that touches what differs between the lines (Spark's readers and writers, Delta, type mapping,
 * COPY decoding, Spark's own log lines, the platforms' class paths) must not carry it. To run
 * these on spark35 too: {@code -Dtest.excluded.groups=}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(LineIndependent.TAG)
public @interface LineIndependent {
    String TAG = "line-independent";
}
