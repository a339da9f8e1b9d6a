package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.config.TargetSettings;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class S3aConfigurerTest {
    private static TargetSettings target(String... overrides) {
        Settings settings = SettingsLoader.load(SettingsLoader.parseText("""
                snapshot-sync {
                  source { host = db, database = shop, user = reader, password = pw, ssl.mode = require,
                           ssl.allow-insecure = true }
                  target { uri = "s3://exports/shop", encryption.kms-key-id = "1234abcd-key" }
                  tables { orders {} }
                }""", "test.conf"), SettingsLoader.parseOverrides(List.of(overrides)));
        return settings.target();
    }

    @Test
    void s3aGetsTheKeyPerBucket() {
        Configuration conf = new Configuration(false);

        S3aConfigurer.apply(conf, target());

        assertEquals("SSE-KMS", conf.get("fs.s3a.bucket.exports.encryption.algorithm"));
        assertEquals("1234abcd-key", conf.get("fs.s3a.bucket.exports.encryption.key"));
        assertEquals("org.apache.hadoop.fs.s3a.S3AFileSystem", conf.get("fs.s3.impl"));
        assertNull(conf.get("fs.s3.serverSideEncryption.kms.keyId"));
    }

    @Test
    void emrfsGetsItsOwnKeysWhenItServesS3() {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3.impl", S3aConfigurer.EMRFS);

        S3aConfigurer.apply(conf, target());

        assertEquals(S3aConfigurer.EMRFS, conf.get("fs.s3.impl"));
        assertEquals("true", conf.get("fs.s3.enableServerSideEncryption"));
        assertEquals("1234abcd-key", conf.get("fs.s3.serverSideEncryption.kms.keyId"));
    }

    @Test
    void encryptionNoneWritesUnencrypted() {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3.impl", S3aConfigurer.EMRFS);

        S3aConfigurer.apply(conf, target("target.encryption.mode=none"));

        assertEquals("", conf.get("fs.s3a.bucket.exports.encryption.algorithm"));
        assertNull(conf.get("fs.s3.enableServerSideEncryption"));
    }
}
