package dev.snapshotsync.config;

import java.util.Map;

/** pgjdbc's sslmode values that this tool accepts; anything below verify-full must be allowed explicitly. */
public enum SslMode {
    VERIFY_FULL("verify-full"),
    VERIFY_CA("verify-ca"),
    REQUIRE("require"),
    DISABLE("disable");

    static final Map<String, SslMode> BY_NAME = Map.of(
            "verify-full", VERIFY_FULL, "verify-ca", VERIFY_CA, "require", REQUIRE, "disable", DISABLE);

    private final String pgName;

    SslMode(String pgName) {
        this.pgName = pgName;
    }

    public String pgName() {
        return pgName;
    }

    public boolean verifiesServer() {
        return this == VERIFY_FULL || this == VERIFY_CA;
    }
}
