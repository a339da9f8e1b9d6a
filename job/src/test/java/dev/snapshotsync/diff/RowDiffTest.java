package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The row comparison on the shared session, without servers: NULL keys, hostile names, the join it plans. */
class RowDiffTest {
    private static final StructType SCHEMA = new StructType()
            .add("k.e`y", DataTypes.StringType)
            .add("Mixed Case", DataTypes.IntegerType)
            .add("select", DataTypes.StringType);

    private static Dataset<Row> day(Row... rows) {
        SparkSession spark = TestSpark.session();
        return spark.createDataFrame(List.of(rows), SCHEMA);
    }

    private static RowDiff.Changes compare(Dataset<Row> before, Dataset<Row> after) {
        SchemaComparison schema = SchemaComparison.of("t", new ResolvedKey(List.of("k.e`y"), "--key"),
                new SchemaComparison.Day(LocalDate.of(2026, 1, 1), before.schema()),
                new SchemaComparison.Day(LocalDate.of(2026, 1, 2), after.schema()));
        return new RowDiff(schema).compare(before, after);
    }

    @Test
    void aNullKeyMatchesANullKeyAndNullValuesCompareNullSafely() {
        RowDiff.Changes changes = compare(
                day(RowFactory.create(null, 1, "a"), RowFactory.create("x", null, null), RowFactory.create("y", 2, "b")),
                day(RowFactory.create(null, 1, "a"), RowFactory.create("x", null, ""), RowFactory.create("z", 3, "c")));

        List<Row> rows = new ArrayList<>(changes.rows().collectAsList());
        rows.sort(Comparator.comparing(r -> String.valueOf(r.getStruct(0).get(0))));

        assertEquals(List.of("x changed [select] old=[x, null, null] new=[x, null, ]",
                        "y removed null old=[y, 2, b] new=null",
                        "z added null old=null new=[z, 3, c]"),
                rows.stream().map(DiffTest::render).toList());
        DiffSummary.Counts counts = changes.counts();
        assertEquals(new DiffSummary.Counts(3, 3, 1, 1, 1, 1, Map.of("Mixed Case", 0L, "select", 1L)), counts);
        assertEquals(List.of("Mixed Case", "select"), List.copyOf(counts.changesByColumn().keySet()));
    }

    @Test
    void plansAShuffledEquiJoinNotANestedLoop() {
        Dataset<Row> before = day(RowFactory.create("a", 1, "a"));
        Dataset<Row> after = day(RowFactory.create("a", 2, "a"));
        compare(before, after).rows().createOrReplaceTempView("diff_plan");

        String plan = TestSpark.session().sql("EXPLAIN SELECT * FROM diff_plan").collectAsList().get(0).getString(0);

        assertTrue(plan.contains("SortMergeJoin") || plan.contains("ShuffledHashJoin"), plan);
        assertFalse(plan.contains("NestedLoopJoin") || plan.contains("CartesianProduct"), plan);
    }
}
