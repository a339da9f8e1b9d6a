package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** target.control-uri, target.manifest.source-location, target.s3.assumed-role and target.s3.canned-acl. */
class PartnerLayoutSettingsTest {
    private static final String CONFIG = """
            snapshot-sync {
              source { host = db.example.com, database = shop, user = reader, password = pw, ssl.mode = require,
                       ssl.allow-insecure = true }
              target { uri = "s3://partner-bucket/exports/", encryption.kms-key-id = "alias/exports" }
              tables { orders {} }
            }
            """;

    private static TargetSettings target(String... overrides) {
        return SettingsLoader.load(SettingsLoader.parseText(CONFIG, "test.conf"),
                SettingsLoader.parseOverrides(List.of(overrides))).target();
    }

    private static String problems(String... overrides) {
        return String.join("\n", assertThrows(ConfigurationException.class, () -> target(overrides)).problems());
    }

    @Test
    void defaultsKeepTheLayoutAndTheManifestAsBefore() {
        TargetSettings target = target();

        assertEquals("s3://partner-bucket/exports", target.controlUri());
        assertFalse(target.hasSeparateControl());
        assertTrue(target.manifestSourceLocation());
        assertFalse(target.s3().assumedRole().enabled());
        assertEquals("snapshot-sync", target.s3().assumedRole().sessionName());
        assertEquals("", target.s3().cannedAcl());
    }

    @Test
    void theControlLocationMayBeAnotherBucketOrAnUnderscoreFolderOfTheTarget() {
        assertEquals("s3a://job-bucket/control", target("target.control-uri=s3a://job-bucket/control/").controlUri());
        assertEquals("s3://partner-bucket/exports/_job", target("target.control-uri=s3://partner-bucket/exports/_job")
                .controlUri());
        assertEquals("s3://partner-bucket/control", target("target.control-uri=s3://partner-bucket/control")
                .controlUri());
    }

    @Test
    void aControlLocationInsideATablesFolderOrNotOnS3IsRefusedWithTheKey() {
        assertTrue(problems("target.control-uri=s3://partner-bucket/exports/orders/control").contains(
                "invalid value 's3://partner-bucket/exports/orders/control' for 'snapshot-sync.target.control-uri'. "
                        + "Allowed: a location outside target.uri ('s3://partner-bucket/exports'), or a folder of it "
                        + "whose name starts with '_': 'orders' would be read as a table's folder."),
                problems("target.control-uri=s3://partner-bucket/exports/orders/control"));
        assertTrue(problems("target.control-uri=file:///tmp/control").contains(
                "invalid value 'file:///tmp/control' for 'snapshot-sync.target.control-uri'. Allowed: empty (the "
                        + "target.uri) or an s3a://bucket/prefix or s3://bucket/prefix URI, like target.uri."));
        assertTrue(problems("target.control-uri=s3://job-bucket/a/../b").contains(
                "for 'snapshot-sync.target.control-uri'. Allowed: a URI without '.' or '..' path segments"));
    }

    @Test
    void theManifestMayLeaveOutTheSourceLocation() {
        assertFalse(target("target.manifest.source-location=false").manifestSourceLocation());
    }

    @Test
    void anAssumedRoleIsReadWithItsStsEndpointAndAnExternalIdThatNeverPrints() {
        TargetSettings target = target("target.s3.assumed-role.arn=arn:aws:iam::210987654321:role/delivery",
                "target.s3.assumed-role.external-id=partner-7f3a", "target.s3.assumed-role.sts-endpoint="
                        + "https://sts.eu-west-1.amazonaws.com", "target.s3.assumed-role.sts-region=eu-west-1",
                "target.s3.canned-acl=bucket-owner-full-control");

        AssumedRole role = target.s3().assumedRole();
        assertTrue(role.enabled());
        assertEquals("sts.eu-west-1.amazonaws.com", role.stsEndpoint());
        assertEquals("partner-7f3a", role.externalId().reveal());
        assertFalse(target.toString().contains("partner-7f3a"), target.toString());
        assertEquals("bucket-owner-full-control", target.s3().cannedAcl());
    }

    @Test
    void badAssumedRoleSettingsAreEachReportedWithTheirKey() {
        String problems = problems("target.s3.assumed-role.arn=arn:aws:iam::12:user/me",
                "target.s3.assumed-role.session-name=a b", "target.s3.assumed-role.external-id=x",
                "target.s3.assumed-role.sts-endpoint=http://127.0.0.1:5000", "target.s3.canned-acl=public-read");

        assertTrue(problems.contains("invalid value 'arn:aws:iam::12:user/me' for "
                + "'snapshot-sync.target.s3.assumed-role.arn'. Allowed: empty (no role) or an IAM role ARN"), problems);
        assertTrue(problems.contains("invalid value 'a b' for 'snapshot-sync.target.s3.assumed-role.session-name'"),
                problems);
        assertTrue(problems.contains("invalid value (hidden) for 'snapshot-sync.target.s3.assumed-role.external-id'"),
                problems);
        assertTrue(problems.contains("invalid value 'http://127.0.0.1:5000' for "
                + "'snapshot-sync.target.s3.assumed-role.sts-endpoint'. Allowed: empty (AWS's STS) or a host[:port], "
                + "optionally after https://: S3A always calls STS over https."), problems);
        assertTrue(problems.contains("'snapshot-sync.target.s3.assumed-role.sts-endpoint' and "
                + "'snapshot-sync.target.s3.assumed-role.sts-region' must be set together"), problems);
        assertTrue(problems.contains("invalid value 'public-read' for 'snapshot-sync.target.s3.canned-acl'. Allowed: "
                + "empty (none), private, bucket-owner-read or bucket-owner-full-control."), problems);
    }

    @Test
    void anExternalIdWithoutARoleIsRefused() {
        assertTrue(problems("target.s3.assumed-role.external-id=partner-7f3a").contains(
                "missing value for 'snapshot-sync.target.s3.assumed-role.arn'"));
    }
}
