package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 point 4: every decimal is written as plain digits with its column's scale
 * ({@code BigDecimal.toPlainString}), never in exponent form, in CSV and JSON Lines, over the edge
 * values of numeric(p,s), money and unconstrained numeric. The expected files are written out by
 * hand, whole, so values that were already right must also come out byte for byte as before.
 */
class DecimalRenderingTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String NINES = "9".repeat(38);
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("decimal_rendering");
        db.execute("""
                CREATE TABLE decimals (id int PRIMARY KEY, d38_10 numeric(38,10), d10_10 numeric(10,10),
                  d18_8 numeric(18,8), d12_2 numeric(12,2), d38_0 numeric(38,0), n numeric, m money)""",
                "INSERT INTO decimals VALUES "
                        + "(1, -0.0000000001, -0.0000000001, -0.00000001, -9999999999.99, -" + NINES + ", "
                        + "-0.0000000000000000000001, -92233720368547758.08), "
                        + "(2, 0, 0, 0, 0, 0, 0, 0), "
                        + "(3, 0.0000001, 0.9999999999, 0.0000001, 0.01, 1, 0.00000000000000000001, 0.01), "
                        + "(4, 9999999999999999999999999999.9999999999, 0.5, 9999999999.99999999, 9999999999.99, "
                        + NINES + ", 123456789012345678901234567890.5, 92233720368547758.07), "
                        + "(5, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }

    @Test
    void csvHoldsPlainDigitsWithTheColumnsScale() {
        assertEquals(List.of(
                "id,d38_10,d10_10,d18_8,d12_2,d38_0,n,m",
                "1,-0.0000000001,-0.0000000001,-0.00000001,-9999999999.99,-" + NINES
                        + ",-0.0000000000000000000001,-92233720368547758.08",
                "2,0.0000000000,0.0000000000,0.00000000,0.00,0,0,0.00",
                "3,0.0000001000,0.9999999999,0.00000010,0.01,1,0.00000000000000000001,0.01",
                "4,9999999999999999999999999999.9999999999,0.5000000000,9999999999.99999999,9999999999.99," + NINES
                        + ",123456789012345678901234567890.5,92233720368547758.07",
                "5,,,,,,,"), export("csv"));
    }

    @Test
    void jsonLinesHoldPlainNumbersWithTheColumnsScale() {
        assertEquals(List.of(
                "{\"id\":1,\"d38_10\":-0.0000000001,\"d10_10\":-0.0000000001,\"d18_8\":-0.00000001,"
                        + "\"d12_2\":-9999999999.99,\"d38_0\":-" + NINES + ",\"n\":\"-0.0000000000000000000001\","
                        + "\"m\":-92233720368547758.08}",
                "{\"id\":2,\"d38_10\":0.0000000000,\"d10_10\":0.0000000000,\"d18_8\":0.00000000,\"d12_2\":0.00,"
                        + "\"d38_0\":0,\"n\":\"0\",\"m\":0.00}",
                "{\"id\":3,\"d38_10\":0.0000001000,\"d10_10\":0.9999999999,\"d18_8\":0.00000010,\"d12_2\":0.01,"
                        + "\"d38_0\":1,\"n\":\"0.00000000000000000001\",\"m\":0.01}",
                "{\"id\":4,\"d38_10\":9999999999999999999999999999.9999999999,\"d10_10\":0.5000000000,"
                        + "\"d18_8\":9999999999.99999999,\"d12_2\":9999999999.99,\"d38_0\":" + NINES + ","
                        + "\"n\":\"123456789012345678901234567890.5\",\"m\":92233720368547758.07}",
                "{\"id\":5,\"d38_10\":null,\"d10_10\":null,\"d18_8\":null,\"d12_2\":null,\"d38_0\":null,\"n\":null,"
                        + "\"m\":null}"), export("json"));
    }

    /** The day's lines, header first, then the rows in id order. */
    private List<String> export(String format) {
        String prefix = "decimals-" + format;
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.target.format = " + format, "snapshot-sync.tables { decimals {} }");
        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-03");
        assertEquals(0, result.exitCode(), result.toString());
        String day = prefix + "/decimals/snapshot_date=2026-05-03/";
        List<String> header = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (String key : S3Http.list(BUCKET, day)) {
            if (key.substring(day.length()).startsWith("part-")) {
                List<String> lines = new String(S3Http.get(BUCKET, key), StandardCharsets.UTF_8).lines().toList();
                boolean headed = format.equals("csv");
                if (headed && header.isEmpty()) {
                    header.add(lines.get(0));
                }
                rows.addAll(lines.subList(headed ? 1 : 0, lines.size()));
            }
        }
        rows.sort((a, b) -> Integer.compare(id(a), id(b)));
        header.addAll(rows);
        return header;
    }

    private static int id(String line) {
        return Integer.parseInt(line.replaceFirst("^\\{\"id\":", "").replaceFirst("[,].*$", ""));
    }
}
