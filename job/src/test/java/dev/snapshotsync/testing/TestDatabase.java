package dev.snapshotsync.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh database per test class on the shared PostgreSQL server, with a login role that has
 * only SELECT on it (what the job needs). Setup runs as the admin role over verified TLS.
 */
public final class TestDatabase {
    public static final String READER_PASSWORD_PREFIX = "reader-secret-";

    private final String name;
    private final String reader;
    private final String readerPassword;

    private TestDatabase(String name, String reader, String readerPassword) {
        this.name = name;
        this.reader = reader;
        this.readerPassword = readerPassword;
    }

    public static TestDatabase create(String prefix) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String name = (prefix + "_" + suffix).toLowerCase(Locale.ROOT);
        String reader = "reader_" + suffix;
        String password = READER_PASSWORD_PREFIX + suffix;
        try (Connection admin = connect(TestEnv.get("pg.database")); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            st.execute("CREATE ROLE " + reader + " LOGIN PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        TestDatabase db = new TestDatabase(name, reader, password);
        db.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + reader,
                "GRANT USAGE ON SCHEMA public TO " + reader);
        return db;
    }

    public static Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", TestEnv.get("pg.admin.user"));
        props.setProperty("password", TestEnv.get("pg.admin.password"));
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", TestEnv.get("pg.ca"));
        return DriverManager.getConnection(
                "jdbc:postgresql://" + TestEnv.get("pg.host") + ":" + TestEnv.pgPort() + "/" + database, props);
    }

    public Connection admin() throws SQLException {
        return connect(name);
    }

    public void execute(String... statements) {
        try (Connection connection = admin(); Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setup failed in " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public String reader() {
        return reader;
    }

    public String readerPassword() {
        return readerPassword;
    }
}
