package dev.snapshotsync.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TypeMappingTest {
    private static final String START = "<!-- type-mapping:start (generated from TypeMapping.markdownTable(); "
            + "TypeMappingTest checks it) -->\n";
    private static final String END = "<!-- type-mapping:end -->";

    private static TypeMapping.Mapped map(String name, String typeName, String declared) {
        return TypeMapping.map(new SourceColumn(new Identifier(name), typeName, declared, 1));
    }

    @Test
    void readmeTableIsTheCodesTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md lacks the type-mapping markers");
        assertEquals(TypeMapping.markdownTable(), readme.substring(start + START.length(), end),
                "README.md's type table differs from TypeMapping.markdownTable(): paste the expected text");
    }

    @Test
    void numericKeepsEveryDigit() {
        assertEquals("decimal(12,2)", map("n", "numeric", "numeric(12,2)").sparkType().catalogString());
        assertEquals("decimal(38,0)", map("n", "numeric", "numeric(38,0)").sparkType().catalogString());
        assertEquals("\"n\"::text", map("n", "numeric", "numeric(39,0)").readExpression());
        assertEquals("\"n\"::text", map("n", "numeric", "numeric").readExpression());
        assertEquals("\"n\"::text", map("n", "numeric", "numeric(5,-2)").readExpression());
        assertEquals("\"n\"::text", map("n", "numeric", "numeric(2,5)").readExpression());
        assertEquals("\"m\"::numeric(19,2)", map("m", "money", "money").readExpression());
    }

    @Test
    void readExpressionsQuoteHostileNamesAndPickTheDocumentedForm() {
        assertEquals("\"a\"\"b\"", map("a\"b", "int4", "integer").readExpression());
        assertEquals("nullif(format('%s', \"ip\"), '')", map("ip", "inet", "inet").readExpression());
        assertEquals("to_json(\"u\")::text", map("u", "_uuid", "uuid[]").readExpression());
        assertEquals(ValueKind.JSON, map("u", "_uuid", "uuid[]").kind());
        assertEquals("\"mood\"::text", map("mood", "mood", "mood").readExpression());
        assertEquals("array<int>", map("a", "_int4", "integer[]").sparkType().catalogString());
        assertEquals(ValueKind.TEXT, map("t", "bpchar", "character(5)").kind());
    }
}
