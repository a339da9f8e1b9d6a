package dev.snapshotsync.sink;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.spark.TaskContext;

/**
 * The output committer of a table's staging write: tasks write their files straight into the
 * run's own staging folder, and nothing is renamed. Hadoop's FileOutputCommitter writes each file
 * under {@code _temporary/}, renames it into place at task commit and lists and deletes
 * {@code _temporary/} and writes {@code _SUCCESS} at job commit: on S3 about 30 requests for a
 * one-file table, every rename a copy. Staging is the run's alone and is published only once its
 * files are counted and their encryption checked (a failed run leaves it unpublished), so the
 * renames bought nothing.
 *
 * <p>Spark's commit protocol names a task's files by its partition and the write's id, the same
 * for every attempt of a task. An attempt that died leaves nothing on S3 (an object appears only
 * when its upload completes), but it may leave a file it had finished (a table's task writes
 * several files when {@code max-rows-per-file} splits it) or, on a local file system, a partial
 * one; so a task first deletes what an earlier attempt of its partition left. Speculative
 * execution (two attempts of a task at once) would need the renames: {@link FormatWriter} keeps
 * Hadoop's committer when it is on.
 */
public final class InPlaceCommitter extends OutputCommitter {
    @Override
    public void setupJob(JobContext job) {
        // Nothing to prepare: the files go where they stay.
    }

    @Override
    public void setupTask(TaskAttemptContext task) throws IOException {
        Path output = FileOutputFormat.getOutputPath(task);
        if (output == null || isFirstAttempt()) {
            return;
        }
        FileSystem fs = output.getFileSystem(task.getConfiguration());
        String prefix = String.format("part-%05d-", task.getTaskAttemptID().getTaskID().getId());
        FileStatus[] earlier;
        try {
            earlier = fs.listStatus(output, path -> path.getName().startsWith(prefix));
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus file : earlier) {
            fs.delete(file.getPath(), false);
        }
    }

    /**
     * The first attempt of the task in the stage's first attempt: nothing can be there yet (a
     * stage that is run again numbers its task attempts from 0 again, hence both numbers).
     */
    private static boolean isFirstAttempt() {
        TaskContext context = TaskContext.get();
        return context != null && context.attemptNumber() == 0 && context.stageAttemptNumber() == 0;
    }

    @Override
    public boolean needsTaskCommit(TaskAttemptContext task) {
        return false;
    }

    @Override
    public void commitTask(TaskAttemptContext task) {
        // The files are in place.
    }

    @Override
    public void abortTask(TaskAttemptContext task) {
        // The next attempt of the task deletes what this one left (setupTask).
    }
}
