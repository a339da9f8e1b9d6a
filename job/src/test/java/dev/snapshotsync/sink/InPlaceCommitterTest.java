package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that starts again finds the files an earlier attempt of its partition left, and only those, gone. */
class InPlaceCommitterTest {
    @TempDir
    Path dir;

    @Test
    void aTaskStartingAgainDeletesWhatAnEarlierAttemptOfItsPartitionLeftAndNothingElse() throws IOException {
        Path staging = Files.createDirectories(dir.resolve("orders"));
        for (String name : List.of("part-00003-5f1e-c000.csv", "part-00003-5f1e-c001.csv", "part-00004-5f1e-c000.csv",
                "part-00013-5f1e-c000.csv")) {
            Files.writeString(staging.resolve(name), "id\n1\n");
        }

        new InPlaceCommitter().setupTask(task(staging, 3));

        assertEquals(List.of("part-00004-5f1e-c000.csv", "part-00013-5f1e-c000.csv"), names(staging));
    }

    @Test
    void aTaskOfAWriteWhoseFolderDoesNotExistYetStartsWithoutError() throws IOException {
        Path staging = dir.resolve("not-yet");

        new InPlaceCommitter().setupTask(task(staging, 0));

        assertEquals(false, Files.exists(staging));
    }

    private static TaskAttemptContextImpl task(Path output, int partition) {
        Configuration conf = new Configuration();
        conf.set(FileOutputFormat.OUTDIR, output.toUri().toString());
        return new TaskAttemptContextImpl(conf, new TaskAttemptID("20261202", 1, TaskType.MAP, partition, 1));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted()
                    .toList();
        }
    }
}
