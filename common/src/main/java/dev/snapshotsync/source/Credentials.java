package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Secret;

/**
 * A database login and where its password came from ({@code passwordOrigin}, for messages such as
 * "check the password of secret 'x'"). Printing it never shows the password.
 */
public record Credentials(String user, Secret password, String passwordOrigin) {
    public Credentials {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(passwordOrigin, "passwordOrigin is null");
    }
}
