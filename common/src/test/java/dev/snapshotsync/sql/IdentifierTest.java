package dev.snapshotsync.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentifierTest {
    @Test
    void quotesByDoublingEmbeddedQuotes() {
        assertEquals("\"plain\"", new Identifier("plain").quoted());
        assertEquals("\"Mixed Case\"", new Identifier("Mixed Case").quoted());
        assertEquals("\"a\"\"; DROP TABLE x; --\"", new Identifier("a\"; DROP TABLE x; --").quoted());
        assertEquals("\"select\"", new Identifier("select").quoted());
        assertEquals("\"größe\"", new Identifier("größe").quoted());
        assertEquals("\"Sales Data\".\"Line \"\"Items\"\"\"", TableName.of("Sales Data", "Line \"Items\"").quoted());
    }

    @Test
    void rejectsEmptyAndNul() {
        assertThrows(IllegalArgumentException.class, () -> new Identifier(""));
        assertThrows(IllegalArgumentException.class, () -> new Identifier("a\0b"));
    }
}
