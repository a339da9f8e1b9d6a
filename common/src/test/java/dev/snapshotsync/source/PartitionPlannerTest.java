package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.PartitionSettings;
import dev.snapshotsync.config.ReadProtocol;
import dev.snapshotsync.config.ReadSettings;
import dev.snapshotsync.config.SnapshotMode;
import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's pure rules, on fixed histograms: bounds strictly increasing, each key in one partition. */
class PartitionPlannerTest {
    private static final SourceColumn ID = new SourceColumn(new Identifier("id"), "int8", "bigint", 1);
    private static final SourceColumn AMOUNT = new SourceColumn(new Identifier("amount"), "numeric", "numeric", 2);

    @Test
    void twoHistogramsMixedTogetherStillGiveStrictlyIncreasingBounds() {
        // What an inheritance parent's two pg_stats rows (parent only, whole tree) gave when read as
        // one list: the bounds [11838, 5000, 36868, 10000, ...] of the issue, whose ranges overlapped.
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            mixed.add(Integer.toString(i * 500 + 1));
            mixed.add(Integer.toString(i * 9_999 + 1));
        }

        List<String> bounds = PartitionPlanner.pickBounds(mixed, 8, ID);

        assertTrue(PartitionPlanner.strictlyIncreasing(bounds.stream().map(BigDecimal::new).toList()), bounds.toString());
        assertEquals(7, bounds.size(), bounds.toString());
    }

    @Test
    void equalNumbersWrittenDifferentlyAreOneBoundAndNonFiniteOnesAreDropped() {
        List<String> bounds = PartitionPlanner.pickBounds(List.of("-Infinity", "1", "5", "5.0", "5.00", "9", "NaN"),
                4, AMOUNT);

        assertEquals(List.of("5", "9"), bounds);
    }

    @Test
    void aHistogramOfOneValueGivesNoBounds() {
        assertEquals(List.of(), PartitionPlanner.pickBounds(List.of("7", "7.0"), 4, AMOUNT));
    }

    @Test
    void strictlyIncreasingRefusesRepeatsAndDescents() {
        assertTrue(PartitionPlanner.strictlyIncreasing(List.of(new BigDecimal("1"), new BigDecimal("2"))));
        assertFalse(PartitionPlanner.strictlyIncreasing(List.of(new BigDecimal("2"), new BigDecimal("2.0"))));
        assertFalse(PartitionPlanner.strictlyIncreasing(List.of(new BigDecimal("11838"), new BigDecimal("5000"))));
    }

    @Test
    void rangeHashAndCtidRulesCoverEveryKeyOnce() {
        String k = PartitionPlan.KEY_ALIAS;
        assertEquals(List.of(k + " < 10 OR " + k + " IS NULL", k + " >= 10 AND " + k + " < 20", k + " >= 20"),
                PartitionPlanner.rangePredicates(List.of("10", "20")));
        String hash = "mod(abs(hashtext(" + k + "::text)::bigint), 3)";
        assertEquals(List.of(hash + " = 0 OR " + k + " IS NULL", hash + " = 1", hash + " = 2"),
                PartitionPlanner.hashPredicates(3));
        assertEquals(List.of(k + " < '(10,0)'::tid", k + " >= '(10,0)'::tid AND " + k + " < '(20,0)'::tid",
                k + " >= '(20,0)'::tid"), PartitionPlanner.ctidPredicates(List.of(10L, 20L)));
    }

    private static final ReadSettings READ = new ReadSettings(8, 1, SnapshotMode.REQUIRED, 1000, 64,
            ReadProtocol.COPY);
    private static final SourceColumn CODE = new SourceColumn(new Identifier("code"), "text", "text", 2);
    private static final SourceColumn DAY = new SourceColumn(new Identifier("day"), "date", "date", 3);

    /** Statistics from fixed lists; records what the planner asked, so a test sees what it did not need. */
    private static final class FixedStatistics implements TableStatistics {
        private final List<String> histogram;
        private final List<String> sample;
        private final long pages;
        private final List<String> asked = new ArrayList<>();

        FixedStatistics(List<String> histogram, List<String> sample, long pages) {
            this.histogram = histogram;
            this.sample = sample;
            this.pages = pages;
        }

        @Override
        public List<String> histogram(SourceColumn key) {
            asked.add("histogram " + key.name().name());
            return histogram;
        }

        @Override
        public List<String> sampledQuantiles(SourceColumn key, int count) {
            asked.add("sample " + key.name().name() + " " + count);
            return sample;
        }

        @Override
        public long relationPages() {
            asked.add("pages");
            return pages;
        }

        /** Dates in ISO form order as text: what the server answers for them. */
        @Override
        public boolean strictlyIncreasing(List<String> literals) {
            asked.add("increasing " + literals.size());
            for (int i = 1; i < literals.size(); i++) {
                if (literals.get(i - 1).compareTo(literals.get(i)) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static TableDescription table(char kind, List<SourceColumn> columns, List<String> key, long rows,
                                          long pages) {
        return new TableDescription(new Relation.NamedTable(TableName.of("public", "t")), kind, columns, key, rows, pages);
    }

    @Test
    void aNumericKeySplitsOnItsHistogramWithoutReadingASample() throws SQLException {
        FixedStatistics statistics = new FixedStatistics(List.of("0", "100", "200", "300", "400"), List.of(), 0);

        PartitionPlan plan = new PartitionPlanner(READ).plan("t", table('r', List.of(ID), List.of("id"), 4000, 40),
                PartitionSettings.PLANNED, statistics);

        assertEquals(PartitionPlan.Strategy.RANGE, plan.strategy());
        assertEquals("id", plan.column());
        assertEquals(List.of("100", "200", "300"), plan.bounds());
        assertEquals(PartitionPlanner.rangePredicates(List.of("100", "200", "300")), plan.predicates());
        assertEquals("pg_stats histogram", plan.boundsSource());
        assertEquals(4000, plan.estimatedRows());
        assertEquals(List.of("histogram id"), statistics.asked);
    }

    @Test
    void withoutAHistogramTheBoundsComeFromASample() throws SQLException {
        FixedStatistics statistics = new FixedStatistics(List.of("5"), List.of("1", "10", "20", "30"), 0);

        PartitionPlan plan = new PartitionPlanner(READ).plan("t", table('r', List.of(ID), List.of("id"), 3000, 30),
                PartitionSettings.PLANNED, statistics);

        assertEquals(PartitionPlan.Strategy.RANGE, plan.strategy());
        assertEquals(List.of("10", "20"), plan.bounds());
        assertEquals("sample", plan.boundsSource());
        assertEquals(List.of("histogram id", "sample id 3"), statistics.asked);
    }

    @Test
    void dateBoundsAreCheckedInTheTypesOwnOrderAndQuoted() throws SQLException {
        FixedStatistics statistics = new FixedStatistics(List.of("2026-01-01", "2026-02-01", "2026-03-01"), List.of(),
                0);

        PartitionPlan plan = new PartitionPlanner(READ).plan("t", table('r', List.of(DAY), List.of("day"), 2000, 20),
                PartitionSettings.PLANNED, statistics);

        assertEquals(List.of("2026-02-01"), plan.bounds());
        String k = PartitionPlan.KEY_ALIAS;
        assertEquals(List.of(k + " < '2026-02-01'::date OR " + k + " IS NULL", k + " >= '2026-02-01'::date"),
                plan.predicates());
        assertEquals(List.of("histogram day", "increasing 1"), statistics.asked);
    }

    @Test
    void textKeysSplitByHashAndKeylessTablesByBlockRanges() throws SQLException {
        FixedStatistics none = new FixedStatistics(List.of(), List.of(), 90);
        PartitionPlanner planner = new PartitionPlanner(READ);

        PartitionPlan hash = planner.plan("t", table('r', List.of(CODE), List.of("code"), 3000, 30),
                PartitionSettings.PLANNED, none);
        PartitionPlan ctid = planner.plan("t", table('r', List.of(ID), List.of(), -1, 0), new PartitionSettings("", 3),
                none);

        assertEquals(PartitionPlan.Strategy.HASH, hash.strategy());
        assertEquals(PartitionPlanner.hashPredicates(3), hash.predicates());
        assertEquals(PartitionPlan.Strategy.CTID, ctid.strategy());
        assertEquals(List.of("(30,0)", "(60,0)"), ctid.bounds());
        assertEquals(PartitionPlanner.ctidPredicates(List.of(30L, 60L)), ctid.predicates());
        assertEquals(9000, ctid.estimatedRows(), "never analyzed: about 100 rows a page");
        assertEquals(List.of("pages", "pages"), none.asked);
    }

    @Test
    void aSmallTableOrAKeylessViewIsReadInOnePartition() throws SQLException {
        FixedStatistics none = new FixedStatistics(List.of(), List.of(), 0);
        PartitionPlanner planner = new PartitionPlanner(READ);

        PartitionPlan small = planner.plan("t", table('r', List.of(ID), List.of("id"), 999, 9),
                PartitionSettings.PLANNED, none);
        PartitionPlan view = planner.plan("t", table('v', List.of(ID), List.of(), 5000, 0),
                PartitionSettings.PLANNED, none);

        assertEquals(PartitionPlan.Strategy.SINGLE, small.strategy());
        assertEquals(PartitionPlan.Strategy.SINGLE, view.strategy());
        assertEquals(1, view.count());
        assertEquals(List.of(), none.asked);
    }
}
