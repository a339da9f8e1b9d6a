package dev.snapshotsync.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code _manifest.json} of one table's day. Parts not known yet by every pipeline stage are
 * present with their empty value (null, or an empty list) so readers can rely on the keys.
 */
public record Manifest(
        int manifestVersion,
        RunInfo run,
        String snapshotDate,
        String table,
        SourceInfo source,
        List<ColumnEntry> columns,
        List<SanitizationCount> sanitization,
        RowCounts rows,
        List<FileEntry> files,
        FormatInfo format,
        EncryptionInfo encryption,
        PartitionPlanInfo partitions,
        List<String> primaryKey,
        List<DriftEntry> drift) {
    public static final int VERSION = 1;

    public Manifest {
        requireNonNull(run, "run is null");
        requireNonNull(snapshotDate, "snapshotDate is null");
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        columns = List.copyOf(columns);
        sanitization = List.copyOf(sanitization);
        requireNonNull(rows, "rows is null");
        files = List.copyOf(files);
        requireNonNull(format, "format is null");
        requireNonNull(encryption, "encryption is null");
        requireNonNull(partitions, "partitions is null");
        primaryKey = List.copyOf(primaryKey);
        drift = List.copyOf(drift);
    }

    /** A difference between the table contract and the source that the drift policy let through. */
    public record DriftEntry(String column, String kind, String detail) {
        public DriftEntry {
            requireNonNull(column, "column is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** The run: id, tool version, and start and end as ISO 8601 instants. */
    public record RunInfo(String id, String toolVersion, String startedAt, String finishedAt) {
        public RunInfo {
            requireNonNull(id, "id is null");
            requireNonNull(toolVersion, "toolVersion is null");
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(finishedAt, "finishedAt is null");
        }
    }

    /**
     * Where the rows came from; never credentials. {@code snapshotId} (the exported PostgreSQL
     * snapshot) and {@code tlsProtocol} are null when the run did not learn them; {@code consistent}
     * says every table of the run shows one instant (false when read without a snapshot).
     * {@code rowSecurity} is {@code off} when the table was read with row_security off (no policy
     * filtered it: the server refuses such a read), {@code applied} when it was read with it on
     * ({@code tables.<name>.row-security = apply}): the rows row-level security policies let the
     * role see. {@code host}, {@code port} and {@code database} are all three left out of the JSON
     * (null here) when target.manifest.source-location = false: a manifest a partner reads need not
     * say where the company's database runs. {@code kind} is {@code table} for a table or view read by
     * name ({@code schema} and {@code table} name it) and {@code query} for a custom SELECT, which has no
     * schema or table of its own: both are left out (the query text is not copied here, since a manifest
     * may go to partners who should not see the source's SQL).
     */
    public record SourceInfo(@JsonInclude(JsonInclude.Include.NON_NULL) String host,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer port,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String database, String kind,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String schema,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String table,
                             String postgresVersion, String snapshotId, String tlsProtocol, boolean consistent,
                             String rowSecurity) {
        public static final String KIND_TABLE = "table";
        public static final String KIND_QUERY = "query";
        public static final String ROW_SECURITY_OFF = "off";
        public static final String ROW_SECURITY_APPLIED = "applied";

        public SourceInfo {
            if ((host == null) != (database == null) || (host == null) != (port == null)) {
                throw new IllegalArgumentException("host, port and database are given or left out together");
            }
            requireNonNull(kind, "kind is null");
            boolean named = KIND_TABLE.equals(kind);
            if (!named && !KIND_QUERY.equals(kind)) {
                throw new IllegalArgumentException("kind is '" + kind + "', not table or query");
            }
            if (named != (schema != null) || named != (table != null)) {
                throw new IllegalArgumentException("schema and table are given for a table, left out for a query");
            }
            requireNonNull(rowSecurity, "rowSecurity is null");
        }
    }

    /** One output column: its source name and type, and its name and type in the output. */
    public record ColumnEntry(String sourceName, String sourceType, String outputName, String outputType) {
        public ColumnEntry {
            requireNonNull(sourceName, "sourceName is null");
            requireNonNull(sourceType, "sourceType is null");
            requireNonNull(outputName, "outputName is null");
            requireNonNull(outputType, "outputType is null");
        }
    }

    /** How many values of a column a sanitization rule changed. */
    public record SanitizationCount(String column, String rule, long count) {
        public SanitizationCount {
            requireNonNull(column, "column is null");
            requireNonNull(rule, "rule is null");
        }
    }

    /** Rows read from the source and rows found in the written files; a run publishes only when equal. */
    public record RowCounts(long read, long written) {}

    /** One data object: its key in the bucket (or path), size, and rows. */
    public record FileEntry(String key, long bytes, long rows) {
        public FileEntry {
            requireNonNull(key, "key is null");
        }
    }

    /** The format and the writer options it was written with. */
    public record FormatInfo(String name, java.util.Map<String, String> options) {
        public FormatInfo {
            requireNonNull(name, "name is null");
            options = java.util.Map.copyOf(options);
        }
    }

    /** {@code algorithm} is aws:kms or none; {@code verified} says every object was checked with HeadObject. */
    public record EncryptionInfo(String algorithm, String keyId, boolean bucketKey, boolean verified) {
        public EncryptionInfo {
            requireNonNull(algorithm, "algorithm is null");
            requireNonNull(keyId, "keyId is null");
        }
    }

    /** How the read was split: strategy (such as single or range), number of partitions, their bounds. */
    public record PartitionPlanInfo(String strategy, int count, List<String> bounds) {
        public PartitionPlanInfo {
            requireNonNull(strategy, "strategy is null");
            bounds = List.copyOf(bounds);
        }
    }
}
