package dev.snapshotsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.spark.sql.Row;

/** Reads exported part files back in Java, independently of the writer: header plus rows of values. */
public final class Outputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file's (or files') column names and rows; JSON values stay JSON nodes. */
    public record Table(List<String> columns, List<List<Object>> rows) {}

    private Outputs() {}

    public static Settings settings(Path config) {
        return SettingsLoader.load(SettingsLoader.parseFile(config.toFile()), SettingsLoader.parseOverrides(List.of()));
    }

    /** RFC 4180 with a header; an unquoted empty field is NULL, a quoted one the empty string. */
    public static Table csv(List<Path> files) {
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setNullString("")
                .setQuoteMode(QuoteMode.ALL_NON_NULL).get();
        for (Path file : files) {
            try (CSVParser parser = CSVParser.parse(new StringReader(text(file)), format)) {
                columns = parser.getHeaderNames();
                for (CSVRecord record : parser) {
                    rows.add(new ArrayList<>(Arrays.asList((Object[]) record.values())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Table(columns, rows);
    }

    public static Table json(List<Path> files) {
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Path file : files) {
            for (String line : text(file).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    columns = new ArrayList<>();
                    List<Object> row = new ArrayList<>();
                    for (var it = node.fields(); it.hasNext(); ) {
                        var field = it.next();
                        columns.add(field.getKey());
                        row.add(field.getValue());
                    }
                    rows.add(row);
                } catch (IOException e) {
                    throw new AssertionError(file + ": not JSON: " + line.substring(0, Math.min(200, line.length())), e);
                }
            }
        }
        return new Table(columns, rows);
    }

    public static Table parquet(List<Path> files) {
        var frame = TestSpark.session().read().parquet(files.stream().map(Path::toString).toArray(String[]::new));
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : frame.collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(row.get(i));
            }
            rows.add(values);
        }
        return new Table(List.of(frame.columns()), rows);
    }

    public static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
