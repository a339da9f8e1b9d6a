package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/** A published CSV day read back from S3Mock with a strict RFC 4180 parser. */
public record CsvDay(List<String> keys, List<String> header, List<List<String>> rows, Map<String, Integer> rowsPerFile) {

    /** Reads every part file under {@code dayPrefix} (which ends with '/'); all must share one header. */
    public static CsvDay read(String bucket, String dayPrefix) {
        List<String> keys = S3Http.list(bucket, dayPrefix);
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        Map<String, Integer> perFile = new LinkedHashMap<>();
        for (String key : keys) {
            if (!key.substring(dayPrefix.length()).startsWith("part-")) {
                continue;
            }
            String text = new String(S3Http.get(bucket, key), StandardCharsets.UTF_8);
            try (CSVParser parser = CSVParser.parse(new StringReader(text), rfc4180())) {
                if (header == null) {
                    header = parser.getHeaderNames();
                } else if (!header.equals(parser.getHeaderNames())) {
                    throw new AssertionError(key + " has header " + parser.getHeaderNames() + ", others " + header);
                }
                int count = 0;
                for (CSVRecord record : parser) {
                    rows.add(Arrays.asList(record.values()));
                    count++;
                }
                perFile.put(key, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CsvDay(keys, header == null ? List.of() : header, rows, perFile);
    }

    /** RFC 4180 with a header; an unquoted empty field is NULL, a quoted one the empty string. */
    public static CSVFormat rfc4180() {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setNullString("")
                .setQuoteMode(QuoteMode.ALL_NON_NULL).get();
    }

    public boolean published(String dayPrefix) {
        return keys.contains(dayPrefix + "_SUCCESS");
    }

    /** The values of one column, by header name. */
    public List<String> column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new AssertionError("no column " + name + " in " + header);
        }
        return rows.stream().map(r -> r.get(index)).toList();
    }
}
