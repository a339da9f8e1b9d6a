package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableReaderTest {
    @Test
    void subqueryAliasesHostileColumnsAndCastsTypesSparkCannotMapExactly() {
        List<SourceColumn> columns = List.of(
                new SourceColumn(new Identifier("id"), "int8", "bigint", 1),
                new SourceColumn(new Identifier("qu\"ote"), "text", "text", 2),
                new SourceColumn(new Identifier("big"), "numeric", "numeric", 3),
                new SourceColumn(new Identifier("price"), "numeric", "numeric(12,2)", 4),
                new SourceColumn(new Identifier("tags"), "_text", "text[]", 5),
                new SourceColumn(new Identifier("at"), "timestamp", "timestamp without time zone", 6));

        String sql = TableReader.subquery(new Relation.NamedTable(TableName.of("s", "t\"x")), columns, PartitionPlan.single(0));

        assertEquals("(SELECT \"id\" AS c0, \"qu\"\"ote\" AS c1, \"big\"::text AS c2, \"price\" AS c3, "
                + "\"tags\" AS c4, CASE WHEN \"at\" >= '0001-01-01'::timestamp AND \"at\" < '10000-01-01'::timestamp "
                + "OR \"at\" IS NULL THEN to_char(\"at\", 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE ('column ''at'' holds ' "
                + "|| \"at\"::text || ', outside the years 0001 to 9999 that CSV, JSON Lines and Parquet hold exactly')"
                + "::timestamp::text END AS c5 FROM \"s\".\"t\"\"x\") AS snapshot_sync_source", sql);
    }
}
