package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The deployment files name the jar {@code make package} builds, our main class, and arguments our
 * CLI accepts; the CloudFormation template passes cfn-lint and keeps its security settings.
 */
@LineIndependent
class DeploymentFilesTest {
    private static final Path DIR = Path.of(System.getProperty("snapshotsync.deploy.dir"));
    private static final Path TEMPLATE = DIR.resolve("snapshot-sync.cfn.yaml");
    private static final String VERSION = System.getProperty("snapshotsync.version");
    private static final String MAIN = "dev.snapshotsync.job.Main";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode template;

    @ParameterizedTest
    @CsvSource({"add-steps-emr-8.1.json, spark41", "add-steps-emr-7.json, spark35"})
    void emrStepRunsTheProfilesJarThroughSparkSubmit(String file, String profile) throws Exception {
        JsonNode steps = JSON.readTree(DIR.resolve("emr").resolve(file).toFile());

        assertEquals(1, steps.size(), file);
        JsonNode step = steps.get(0);
        assertEquals("CUSTOM_JAR", step.get("Type").asText());
        assertEquals("command-runner.jar", step.get("Jar").asText());
        List<String> args = strings(step.get("Args"));
        assertEquals("spark-submit", args.get(0));
        assertEquals(MAIN, args.get(args.indexOf("--class") + 1));
        int jar = indexOfJar(args);
        assertJar(args.get(jar), profile);
        assertExportArguments(args.subList(jar + 1, args.size()));
    }

    @Test
    void emrServerlessRunRunsTheSpark41JarWithOurMainClass() throws Exception {
        JsonNode submit = JSON.readTree(DIR.resolve("emr/emr-serverless-start-job-run.json").toFile())
                .get("jobDriver").get("sparkSubmit");

        assertJar(submit.get("entryPoint").asText(), "spark41");
        List<String> parameters = Arrays.asList(submit.get("sparkSubmitParameters").asText().split("\\s+"));
        assertEquals(MAIN, parameters.get(parameters.indexOf("--class") + 1));
        assertExportArguments(strings(submit.get("entryPointArguments")));
    }

    @Test
    void cloudFormationTemplatePassesCfnLint() throws Exception {
        Run lint = python("from cfnlint.runner import main; main()", TEMPLATE.toString());

        assertEquals(0, lint.exitCode(), lint.toString());
        assertEquals("", lint.out().strip(), lint.toString());
    }

    @Test
    void cloudFormationTemplateEncryptsRefusesPlaintextAndRunsOurGlueEntry() throws Exception {
        JsonNode resources = template().get("Resources");

        JsonNode sse = resources.at("/ExportBucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0");
        assertEquals("aws:kms", sse.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText());
        assertTrue(sse.get("BucketKeyEnabled").asBoolean(), sse.toString());
        JsonNode statements = resources.at("/ExportBucketPolicy/Properties/PolicyDocument/Statement");
        assertTrue(statementWith(statements, "/Condition/Bool/aws:SecureTransport", "false"), statements.toString());
        assertTrue(statementWith(statements, "/Condition/StringNotEqualsIfExists/s3:x-amz-server-side-encryption",
                "aws:kms"), statements.toString());
        assertEquals("true", resources.at("/DatabaseConnection/Properties/ConnectionInput/ConnectionProperties/"
                + "JDBC_ENFORCE_SSL").asText());
        JsonNode encryption = resources.at("/SecurityConfiguration/Properties/EncryptionConfiguration");
        assertEquals("SSE-KMS", encryption.at("/S3Encryptions/0/S3EncryptionMode").asText());
        assertEquals("SSE-KMS", encryption.at("/CloudWatchEncryption/CloudWatchEncryptionMode").asText());
        assertEquals("SCHEDULED", resources.at("/DailyTrigger/Properties/Type").asText());
        JsonNode job = resources.at("/ExportJob/Properties");
        assertEquals("GlueApp", job.at("/DefaultArguments/--class").asText());
        assertEquals("scala", job.at("/DefaultArguments/--job-language").asText());
        assertTrue(job.at("/DefaultArguments/--extra-jars/Fn::Sub/0").asText()
                .endsWith("/snapshot-sync-${ProjectVersion}-${Profile}.jar"), job.toString());
        assertEquals(VERSION, template().at("/Parameters/ProjectVersion/Default").asText());
        assertEquals(List.of("6.1", "6.0", "5.1", "5.0"), strings(template().at("/Parameters/GlueVersion/AllowedValues")));
    }

    /**
     * The catalog database and the failed-run rule exist, the role may change only that database's
     * tables and partitions and send events only to its bus, Delta brings Glue's Delta libraries,
     * and the schedule starts only when asked to (after the artifacts are uploaded).
     */
    @Test
    void cloudFormationTemplateCreatesTheCatalogGrantsOnlyItsActionsAndWaitsForTheArtifacts() throws Exception {
        JsonNode resources = template().get("Resources");

        assertEquals("AWS::Glue::Database", resources.at("/CatalogDatabase/Type").asText());
        JsonNode statements = resources.at("/JobRole/Properties/Policies/0/PolicyDocument/Statement");
        List<String> glue = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (JsonNode statement : statements) {
            for (String action : strings(statement.get("Action"))) {
                if (action.startsWith("glue:") && !action.equals("glue:GetConnection")) {
                    glue.add(action);
                    assertTrue(statement.get("Resource").toString().contains("database/${CatalogDatabase}"),
                            statement.toString());
                } else if (action.startsWith("events:")) {
                    events.add(action);
                    assertTrue(statement.get("Resource").toString().contains("event-bus/${EventBusName}"),
                            statement.toString());
                }
            }
        }
        assertEquals(List.of("glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:CreatePartition",
                "glue:UpdatePartition"), glue);
        assertEquals(List.of("events:PutEvents"), events);
        JsonNode formats = resources.at("/ExportJob/Properties/DefaultArguments/--datalake-formats/Fn::If");
        assertEquals("IsDelta", formats.get(0).asText());
        assertEquals("delta", formats.get(1).asText());
        assertEquals("false", template().at("/Parameters/StartSchedule/Default").asText());
        assertEquals("StartTheSchedule", resources.at("/DailyTrigger/Properties/StartOnCreation/Fn::If/0").asText());
        JsonNode pattern = resources.at("/FailedRunRule/Properties/EventPattern/$or");
        assertEquals("Snapshot Sync Run Failed", pattern.at("/0/detail-type/0").asText());
        assertEquals(List.of("FAILED", "TIMEOUT", "ERROR"), strings(pattern.at("/1/detail/state")));
    }

    @Test
    void glueJobArgumentsReachTheExportAsOnlyTheConfig() throws Exception {
        List<String> sysArgs = new ArrayList<>();
        template().at("/Resources/ExportJob/Properties/DefaultArguments").fieldNames()
                .forEachRemaining(name -> sysArgs.addAll(List.of(name, "value-of" + name)));

        assertEquals(List.of("--config", "value-of--config"), GlueEntry.exportArguments(sysArgs.toArray(String[]::new)));
    }

    @Test
    void roleGrantsNoStorageKeyOrSecretActionOnEveryResource() throws Exception {
        JsonNode statements = template().at("/Resources/JobRole/Properties/Policies/0/PolicyDocument/Statement");

        for (JsonNode statement : statements) {
            if (strings(statement.get("Resource")).contains("*")) {
                for (String action : strings(statement.get("Action"))) {
                    assertTrue(action.startsWith("ec2:Describe") || action.startsWith("ec2:CreateNetworkInterface")
                            || action.startsWith("ec2:DeleteNetworkInterface"), statement.toString());
                }
            }
        }
    }

    @Test
    void awsConfigExampleIsValidGivenThePlatformOnlyValues() {
        Path example = Path.of(System.getProperty("snapshotsync.conf.dir"), "aws.conf");

        Settings settings = SettingsLoader.load(SettingsLoader.parseFile(example.toFile()), SettingsLoader.parseOverrides(
                List.of("source.ssl.root-cert=" + TestEnv.get("pg.ca"))));

        assertTrue(settings.target().uri().startsWith("s3a://"), settings.target().uri());
        assertEquals(EncryptionMode.SSE_KMS, settings.target().encryption().mode());
        assertEquals("snapshot-sync/database", settings.source().credentials().secretId());
    }

    private static boolean statementWith(JsonNode statements, String pointer, String value) {
        for (JsonNode statement : statements) {
            if ("Deny".equals(statement.get("Effect").asText()) && value.equals(statement.at(pointer).asText())) {
                return true;
            }
        }
        return false;
    }

    private static void assertJar(String uri, String profile) {
        assertTrue(uri.startsWith("s3://"), uri);
        assertTrue(uri.endsWith("/snapshot-sync-" + VERSION + "-" + profile + ".jar"), uri);
    }

    /** What follows the jar must parse as our export command, with the config in S3. */
    private static void assertExportArguments(List<String> args) {
        CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
        assertEquals("export", parsed.subcommand().commandSpec().name(), args.toString());
        assertTrue(parsed.subcommand().<String>matchedOptionValue("--config", "").startsWith("s3://"), args.toString());
    }

    private static int indexOfJar(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).endsWith(".jar")) {
                return i;
            }
        }
        throw new AssertionError("no jar in " + args);
    }

    /** An array of strings, or one string (IAM allows both for Action and Resource). */
    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> values = new ArrayList<>();
        node.forEach(element -> values.add(element.asText()));
        return values;
    }

    /** The template as cfn-lint reads it (short-form tags such as !Sub become Fn::Sub), as JSON. */
    private static synchronized JsonNode template() throws Exception {
        if (template != null) {
            return template;
        }
        Run decoded = python("import json, sys\nfrom cfnlint.decode import decode\n"
                + "template, problems = decode(sys.argv[1])\nassert not problems, problems\n"
                + "print(json.dumps(template))", TEMPLATE.toString());
        assertEquals(0, decoded.exitCode(), decoded.toString());
        template = JSON.readTree(decoded.out());
        return template;
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    private static Run python(String code, String... args) throws IOException, InterruptedException {
        String python = System.getProperty("snapshotsync.python");
        if (!Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException(python + " is missing: build the project's venv with scripts/python-env "
                    + "(make test does), or pass -Dsnapshotsync.python=<a python with cfn-lint>.");
        }
        List<String> command = new ArrayList<>(List.of(python, "-c", code));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("python-out", ".txt");
        Path err = Files.createTempFile("python-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
