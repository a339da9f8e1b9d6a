package dev.snapshotsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.job.Main;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of DESIGN.md section 2, stated once so that a violation fails the build
 * instead of a review: {@code job} on top (the command line over the export, diff and preflight jobs,
 * which never import it); {@code source}, {@code shape} and {@code sink} side by
 * side and blind to each other; {@code config}, {@code types}, {@code sql}, {@code manifest},
 * {@code errors} and {@code tls} below them. Plain class-file analysis of both modules' production
 * classes (this module's test class path holds {@code common}'s), no servers, no Spark.
 */
class LayeringTest {

    private static final String ROOT = "dev.snapshotsync";
    /** The jobs under the command-line layer ({@code dev.snapshotsync.job}: Main, the commands, GlueEntry). */
    private static final String[] JOBS = {ROOT + ".job.export..", ROOT + ".job.diff..", ROOT + ".job.preflight.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() throws IOException, URISyntaxException {
        classes = new ClassFileImporter().importLocations(List.of(classesOf(Settings.class), classesOf(Main.class)));
    }

    @Test
    void theLibraryNeverImportsTheJobs() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".job..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".job..")
                .check(classes);
    }

    /**
     * The jobs (export, diff, preflight) are what the command line runs, never the other way round:
     * they take settings and a session and return results, so the Glue entry, a notebook or a test
     * can call them without {@code Main}, its options or its exit codes.
     */
    @Test
    void theJobsNeverImportTheCommandLine() {
        noClasses().that().resideInAnyPackage(JOBS)
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".job", "picocli..")
                .check(classes);
    }

    /** Option parsing (picocli) belongs to the command-line layer alone. */
    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".job")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void sourceShapeAndSinkNeverImportEachOther() {
        siblingsOf("source", "shape", "sink");
        siblingsOf("shape", "source", "sink");
        siblingsOf("sink", "source", "shape");
    }

    @Test
    void configImportsNoneOfTheStagesAboveIt() {
        siblingsOf("config", "source", "shape", "sink", "diff", "catalog", "events");
    }

    @Test
    void theBottomLayerImportsNothingAboveIt() {
        noClasses().that().resideInAnyPackage(packages("types", "sql", "manifest", "errors", "tls"))
                .should().dependOnClassesThat()
                .resideInAnyPackage(packages("config", "source", "shape", "sink", "diff", "catalog", "events"))
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * The folder (or jar) a module's production classes were loaded from: {@code common}'s, which
     * the reactor puts on the class path as a folder or as its jar, and this module's. Importing
     * just these two, rather than scanning the whole class path (Spark's jars) for the package,
     * keeps the test at a few seconds, and leaves test classes out.
     */
    private static Location classesOf(Class<?> type) throws IOException, URISyntaxException {
        Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isDirectory(path) ? Location.of(path) : Location.of(new JarFile(path.toFile()));
    }

    private static void siblingsOf(String pkg, String... others) {
        noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(others))
                .check(classes);
    }

    private static String[] packages(String... names) {
        String[] result = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            result[i] = ROOT + "." + names[i] + "..";
        }
        return result;
    }
}
