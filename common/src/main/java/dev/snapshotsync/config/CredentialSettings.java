package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Where the database credentials come from when not from {@code source.user}/{@code source.password}:
 * a Secrets Manager secret or a Glue connection (at most one of the two is set), and how to reach
 * those AWS services. Empty strings mean "not set".
 */
public record CredentialSettings(
        String secretId, String glueConnection, String region, String secretsManagerEndpoint, String glueEndpoint) {
    public CredentialSettings {
        requireNonNull(secretId, "secretId is null");
        requireNonNull(glueConnection, "glueConnection is null");
        requireNonNull(region, "region is null");
        requireNonNull(secretsManagerEndpoint, "secretsManagerEndpoint is null");
        requireNonNull(glueEndpoint, "glueEndpoint is null");
    }

    /** Credentials from the configuration (source.user and source.password). */
    public static CredentialSettings none() {
        return new CredentialSettings("", "", "", "", "");
    }

    /** True when the credentials are looked up in AWS (a secret or a Glue connection). */
    public boolean fromAws() {
        return !secretId.isEmpty() || !glueConnection.isEmpty();
    }

    /** The AWS region as messages name it. */
    public String describeRegion() {
        return region.isEmpty() ? "the job's default region" : "region '" + region + "'";
    }
}
