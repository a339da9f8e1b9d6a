package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import java.math.BigDecimal;
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
}
