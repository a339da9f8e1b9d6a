package dev.snapshotsync.sql;

import static java.util.Objects.requireNonNull;

/**
 * What one configured table reads: a table or view by name, or a custom SELECT. Callers switch on
 * the two kinds instead of testing for an empty query string, so a query is never mistaken for a
 * table (it has no schema, no statistics, no physical rows, no row-security policies of its own).
 */
public sealed interface Relation permits Relation.NamedTable, Relation.CustomQuery {
    /** The alias a custom query's subquery gets, so that its columns can be named ({@code alias.column}). */
    String QUERY_ALIAS = "snapshot_sync_query";

    /** What SQL selects from: the quoted name, or the query as an aliased subquery. */
    String from();

    /** How messages and reports name it: {@code schema.table}, or {@code custom query}. */
    String label();

    /** A table, view, materialized view or foreign table of the source database. */
    record NamedTable(TableName name) implements Relation {
        public NamedTable {
            requireNonNull(name, "name is null");
        }

        @Override
        public String from() {
            return name.quoted();
        }

        @Override
        public String label() {
            return name.toString();
        }
    }

    /** One read-only SELECT (checked when the settings are read), read as a subquery. */
    record CustomQuery(String sql) implements Relation {
        public CustomQuery {
            requireNonNull(sql, "sql is null");
            if (sql.isBlank()) {
                throw new IllegalArgumentException("sql is blank");
            }
        }

        @Override
        public String from() {
            return "(" + sql + ") AS " + QUERY_ALIAS;
        }

        @Override
        public String label() {
            return "custom query";
        }
    }
}
