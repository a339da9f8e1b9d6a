package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A custom query is one SELECT; what hides in quotes and comments does not count. */
class ReadOnlyQueryTest {
    private static Optional<String> problem(String query) {
        return ReadOnlyQuery.problem(query);
    }

    @Test
    void singleSelectsOfEveryFormPass() {
        for (String query : new String[] {
                "SELECT 1",
                "select o.id from orders o where o.note = 'a;b' -- trailing; comment",
                "WITH x AS (SELECT 1 AS id) SELECT id FROM x",
                "VALUES (1), (2)",
                "TABLE orders",
                "(SELECT 1) UNION ALL (SELECT 2)",
                "SELECT E'it\\'s; fine', $$dollar; quoted$$, $tag$ DELETE ; $tag$, \"update\" FROM t /* ; /* nested */ ; */",
                "SELECT $1::int"}) {
            assertEquals(Optional.empty(), problem(query), query);
        }
    }

    @Test
    void secondStatementsAndWritesAreRefusedWithTheReason() {
        assertEquals(Optional.of("it holds more than one statement (a ';' outside quotes and comments)"),
                problem("SELECT 1; DELETE FROM orders"));
        assertEquals(Optional.of("it holds more than one statement (a ';' outside quotes and comments)"),
                problem("SELECT 1;"));
        assertEquals(Optional.of("it contains DELETE (a data-modifying statement, or FOR UPDATE; write \"delete\" "
                + "in double quotes if it is a column name)"),
                problem("WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone"));
        assertEquals(Optional.of("it starts with DELETE, not SELECT, WITH, VALUES or TABLE"),
                problem("DELETE FROM orders"));
        assertEquals(Optional.of("it starts with SET, not SELECT, WITH, VALUES or TABLE"),
                problem("SET default_transaction_read_only = off"));
        assertEquals(Optional.of("a ' quote is not closed"), problem("SELECT 'abc; DELETE FROM t"));
        assertEquals(Optional.of("a /* comment is not closed"), problem("SELECT 1 /* /* */ ; DELETE"));
        assertEquals(Optional.of("it holds no statement"), problem("-- nothing"));
    }
}
