package dev.snapshotsync.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.config.SanitizeRule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SanitizeExpressionTest {

    /** A name configuration accepts but shape cannot apply would pass values through unchanged. */
    @Test
    void everyConfiguredRuleHasItsOwnExpression() {
        for (SanitizeRule rule : SanitizeRule.values()) {
            assertEquals(rule.name(), SanitizeExpression.of(rule).name(), rule.configName());
        }
        assertEquals(SanitizeRule.values().length, SanitizeExpression.values().length);
        assertEquals(Arrays.stream(SanitizeRule.values()).map(SanitizeRule::configName).toList(),
                Arrays.stream(SanitizeExpression.values()).map(e -> e.rule().configName()).toList());
    }
}
