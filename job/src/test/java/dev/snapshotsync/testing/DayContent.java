package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The data files ({@code part-*}) under a prefix as text, one string per file, sorted: what two
 * exports wrote, whatever their files are named. Text formats are compared decompressed, Parquet
 * (also Delta's) by its rows: two writers of the same rows may order footer metadata differently.
 */
public final class DayContent {
    private DayContent() {}

    public static List<String> of(String bucket, String prefix, Path scratch) {
        List<String> files = new ArrayList<>();
        for (String key : DayObjects.keys(bucket, prefix)) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (!name.startsWith("part-")) {
                continue;
            }
            byte[] bytes = S3Http.get(bucket, key);
            if (name.endsWith(".parquet")) {
                files.add(parquetRows(bytes, scratch));
            } else {
                files.add(new String(name.endsWith(".gz") ? DayObjects.gunzip(bytes) : bytes, StandardCharsets.UTF_8));
            }
        }
        return files.stream().sorted().toList();
    }

    private static String parquetRows(byte[] bytes, Path scratch) {
        try {
            Path file = Files.createTempFile(scratch, "part-", ".parquet");
            Files.write(file, bytes);
            StringBuilder rows = new StringBuilder();
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    rows.append(row).append("--\n");
                }
            }
            return rows.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
