package dev.snapshotsync.sink;

import dev.snapshotsync.types.JsonLineColumn;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.text.TextFileFormat;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON Lines, one object per row, made by {@link JsonLineWriter} from the columns the shape step
 * describes ({@link JsonLineColumn}), and written through Spark's text source: its files, names,
 * compression and line separator. Each file's rows are counted as they are written when the write
 * names its counts ({@link WrittenRows#OPTION}).
 *
 * <p>Spark's own JSON writer would write a jsonb value as a quoted string; rendering each row with
 * {@code to_json} into one text column, as this project did before, cost a generic JSON generator,
 * a copy into Java text and back per row.
 */
public final class JsonLinesFormat extends TextFileFormat {
    /** What Spark's text writer is given: the rendered line. */
    private static final StructType LINE = new StructType().add("value", DataTypes.StringType);

    @Override
    public OutputWriterFactory prepareWrite(SparkSession spark, Job job,
                                            scala.collection.immutable.Map<String, String> options, StructType schema) {
        for (StructField field : schema.fields()) {
            JsonLineColumn.of(field);
        }
        OutputWriterFactory lines = new LinesFactory(super.prepareWrite(spark, job, options, LINE));
        return options.get(WrittenRows.OPTION).isDefined() ? WrittenRows.counting(lines, options) : lines;
    }

    @Override
    public boolean supportDataType(DataType type) {
        return JsonLineColumn.renderedByTheWriter(type);
    }

    @Override
    public String toString() {
        return "JSON Lines";
    }

    private static final class LinesFactory extends OutputWriterFactory {
        private static final long serialVersionUID = 1L;
        private final OutputWriterFactory text;

        LinesFactory(OutputWriterFactory text) {
            this.text = text;
        }

        @Override
        public String getFileExtension(TaskAttemptContext context) {
            return text.getFileExtension(context);
        }

        @Override
        public OutputWriter newInstance(String path, StructType schema, TaskAttemptContext context) {
            return new JsonLineWriter(text.newInstance(path, LINE, context), schema);
        }
    }
}
