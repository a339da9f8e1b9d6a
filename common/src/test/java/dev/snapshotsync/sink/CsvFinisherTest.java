package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.CsvSettings;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

class CsvFinisherTest {
    private static String copy(CsvSettings csv, String text) throws IOException {
        StringWriter out = new StringWriter();
        new CsvFinisher(FileSystem.getLocal(new Configuration()), csv).copy(new StringReader(text), out);
        return out.toString();
    }

    private static CsvSettings csv(String quote, String escape, String lineSeparator, boolean bom) {
        return new CsvSettings(",", quote, escape, "", false, lineSeparator, "none", bom);
    }

    @Test
    void recordEndsBecomeCrlfButLineBreaksInsideQuotedValuesStay() throws IOException {
        assertEquals("id,note\r\n1,\"a\nb\"\r\n2,\"c\r\nd \"\"q\"\"\"\r\n",
                copy(csv("\"", "\"", "\r\n", false), "id,note\n1,\"a\nb\"\n2,\"c\r\nd \"\"q\"\"\"\n"));
    }

    @Test
    void anEscapedQuoteDoesNotEndTheValue() throws IOException {
        assertEquals("1,\"x\\\"\ny\"\r\n", copy(csv("\"", "\\", "\r\n", false), "1,\"x\\\"\ny\"\n"));
    }

    @Test
    void onlyBomOrCrlfNeedAFinishingPass() {
        assertFalse(CsvFinisher.needed(csv("\"", "\"", "\n", false)));
        assertTrue(CsvFinisher.needed(csv("\"", "\"", "\n", true)));
        assertTrue(CsvFinisher.needed(csv("\"", "\"", "\r\n", false)));
        assertEquals("\n", CsvFinisher.sparkLineSeparator(csv("\"", "\"", "\r\n", false)));
    }
}
