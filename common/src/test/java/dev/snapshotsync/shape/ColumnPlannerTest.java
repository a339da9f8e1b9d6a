package dev.snapshotsync.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snapshotsync.config.ColumnAction;
import dev.snapshotsync.config.ColumnContract;
import dev.snapshotsync.config.DriftPolicy;
import dev.snapshotsync.config.SanitizeProfile;
import dev.snapshotsync.config.Secret;
import dev.snapshotsync.config.TableContract;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.types.ValueKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColumnPlannerTest {
    private static final List<SourceColumn> CATALOG = List.of(
            new SourceColumn(new Identifier("id"), "int4", "integer", 1),
            new SourceColumn(new Identifier("Full Name"), "text", "text", 2),
            new SourceColumn(new Identifier("added"), "jsonb", "jsonb", 3));

    private static TableContract contract(DriftPolicy drift, ColumnContract... columns) {
        return new TableContract(List.of(columns), drift, SanitizeProfile.NONE, Secret.of(""));
    }

    private static ColumnContract typed(String name, String type) {
        return new ColumnContract(name, name, Optional.empty(), ColumnAction.KEEP, Optional.empty(), Optional.of(type));
    }

    @Test
    void allColumnsContractWritesTheCatalogInOrder() {
        ColumnPlan plan = ColumnPlanner.plan("t", "public.t", TableContract.ALL_COLUMNS, CATALOG);

        assertEquals(List.of("id", "Full Name", "added"), plan.outputNames());
        assertEquals(List.of(), plan.drift());
    }

    @Test
    void driftAddAppendsNewColumnsAfterTheContractsInContractOrder() {
        ColumnPlan plan = ColumnPlanner.plan("t", "public.t", contract(DriftPolicy.ADD, ColumnContract.of("Full Name"),
                ColumnContract.of("id")), CATALOG);

        assertEquals(List.of("Full Name", "id", "added"), plan.outputNames());
        assertEquals(List.of(new DriftEvent(DriftEvent.Kind.ADDED, "added", "type 'jsonb', not in the contract",
                "added to the output")), plan.drift());
    }

    @Test
    void driftIgnoreLeavesNewColumnsOutAndRecordsIt() {
        ColumnPlan plan = ColumnPlanner.plan("t", "public.t", contract(DriftPolicy.IGNORE, ColumnContract.of("id"),
                ColumnContract.of("Full Name")), CATALOG);

        assertEquals(List.of("id", "Full Name"), plan.outputNames());
        assertEquals("left out of the output", plan.drift().get(0).outcome());
    }

    @Test
    void typeChangeIsReadAsItNowIsUnderAdd() {
        ColumnPlan plan = ColumnPlanner.plan("t", "public.t", contract(DriftPolicy.ADD, typed("id", "bigint"),
                ColumnContract.of("Full Name"), ColumnContract.of("added")), CATALOG);

        assertEquals(List.of(new DriftEvent(DriftEvent.Kind.TYPE_CHANGED, "id",
                "type 'bigint' in the contract, 'integer' in the source", "read as integer")), plan.drift());
        assertEquals("int", plan.columns().get(0).outputType().catalogString());
    }

    @Test
    void missingContractColumnFailsWhateverThePolicy() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ColumnPlanner.plan("t",
                "public.t", contract(DriftPolicy.IGNORE, ColumnContract.of("id"), ColumnContract.of("full name")),
                CATALOG));

        assertEquals(List.of("table 't': column 'full name' for 'snapshot-sync.tables.t.columns' does not exist in "
                + "public.t. Source columns: 'id', 'Full Name', 'added'. Fix the name (case and spaces matter) or "
                + "remove it from the contract."), e.problems());
    }

    @Test
    void excludedColumnsAreNeitherReadNorWrittenAndHashedOnesBecomeText() {
        ColumnContract hashed = new ColumnContract("id", "id_hash", Optional.empty(), ColumnAction.HASH,
                Optional.empty(), Optional.empty());
        ColumnContract excluded = new ColumnContract("added", "added", Optional.empty(), ColumnAction.EXCLUDE,
                Optional.empty(), Optional.empty());

        ColumnPlan plan = ColumnPlanner.plan("t", "public.t", contract(DriftPolicy.FAIL, hashed,
                ColumnContract.of("Full Name"), excluded), CATALOG);

        assertEquals(List.of("id_hash", "Full Name"), plan.outputNames());
        assertEquals(List.of("id", "Full Name"), plan.readColumns().stream().map(c -> c.name().name()).toList());
        assertEquals(List.of(CATALOG.get(2)), plan.excluded());
        assertEquals(ValueKind.OTHER_TEXT, plan.columns().get(0).outputKind());
    }

    @Test
    void outputNamesWithControlCharactersAreRejected() {
        ColumnContract renamed = new ColumnContract("id", "line\nbreak", Optional.empty(), ColumnAction.KEEP,
                Optional.empty(), Optional.empty());

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ColumnPlanner.plan("t",
                "public.t", contract(DriftPolicy.IGNORE, renamed), CATALOG));

        assertEquals(List.of("table 't': invalid output name 'line\\nbreak' for 'snapshot-sync.tables.t.columns'. "
                + "Allowed: names without control characters (tabs, line breaks). Set 'output' for column 'id' in "
                + "the contract."), e.problems());
    }
}
