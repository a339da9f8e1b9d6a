package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShippedFilesTest {
    private static final String SUBMITTED = "s3://my-artifacts/snapshot-sync/global-bundle.pem,"
            + "s3://other/path/partner-ca.pem#partner.pem";

    @Test
    void aBareNameIsShippedWhenSparkSubmitListsAFileOfThatNameOrAlias() {
        assertTrue(ShippedFiles.isShipped("global-bundle.pem", SUBMITTED));
        assertTrue(ShippedFiles.isShipped("partner.pem", SUBMITTED));
    }

    @Test
    void otherNamesPathsAndAnEmptyListAreNot() {
        assertFalse(ShippedFiles.isShipped("partner-ca.pem", SUBMITTED), "an aliased file goes by its alias");
        assertFalse(ShippedFiles.isShipped("certs/global-bundle.pem", SUBMITTED), "a path is not a shipped name");
        assertFalse(ShippedFiles.isShipped("global-bundle.pem", ""));
        assertFalse(ShippedFiles.isShipped("", SUBMITTED));
    }
}
