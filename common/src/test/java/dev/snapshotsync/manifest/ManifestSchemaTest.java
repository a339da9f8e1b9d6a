package dev.snapshotsync.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas of {@code _manifest.json} and the run report describe exactly the records
 * Jackson writes (every field, nested, and nothing else), ship in the common jar, and the README's
 * {@code _manifest.json} section names exactly their fields. Whether the written documents meet
 * them is checked on every one the suite writes (job's ManifestSchemaCheck).
 */
class ManifestSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile("`([a-z][A-Za-z]*)`");

    @Test
    void theManifestSchemaHasExactlyTheFieldsOfTheRecords() throws IOException {
        assertEquals(fields(Manifest.class), schemaFields(schema("manifest.schema.json")));
    }

    @Test
    void theRunReportSchemaHasExactlyTheFieldsOfTheRecords() throws IOException {
        assertEquals(fields(RunReport.class), schemaFields(schema("run-report.schema.json")));
    }

    @Test
    void theManifestVersionIsTheSchemasConstant() throws IOException {
        assertEquals(Manifest.VERSION, schema("manifest.schema.json").at("/properties/manifestVersion/const").asInt());
    }

    @Test
    void theReadmeNamesEveryFieldOfBothSchemas() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n### `_manifest.json`");
        assertTrue(start >= 0, "README has no section ### `_manifest.json`");
        String section = readme.substring(start, readme.indexOf("\n### ", start + 1));
        String[] paragraphs = section.split("\n\n");
        assertEquals(names(schema("manifest.schema.json")), named(paragraph(paragraphs, "Manifest:")),
                "fields named in the README's 'Manifest:' paragraph");
        assertEquals(names(schema("run-report.schema.json")), named(paragraph(paragraphs, "Run report")),
                "fields named in the README's 'Run report' paragraph");
        assertTrue(section.contains("common/src/main/resources/schemas/manifest.schema.json")
                && section.contains("common/src/main/resources/schemas/run-report.schema.json"), section);
    }

    private static String paragraph(String[] paragraphs, String opening) {
        for (String p : paragraphs) {
            if (p.startsWith(opening)) {
                return p;
            }
        }
        throw new AssertionError("README's _manifest.json section has no paragraph starting with " + opening);
    }

    private static Set<String> named(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode schema(String name) throws IOException {
        try (InputStream in = ManifestSchemaTest.class.getResourceAsStream("/schemas/" + name)) {
            assertTrue(in != null, "/schemas/" + name + " is not on the classpath");
            return JSON.readTree(in);
        }
    }

    /** Every property name at any depth of the schema. */
    private static Set<String> names(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schemaFields(schema).forEach(path -> names.add(path.substring(path.lastIndexOf('.') + 1)));
        return names;
    }

    /** Dotted paths of the schema's properties, through nested objects and array items. */
    private static Set<String> schemaFields(JsonNode schema) {
        Set<String> paths = new TreeSet<>();
        collect(schema, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        JsonNode items = node.get("items");
        if (items != null) {
            collect(items, prefix, paths);
        }
        JsonNode properties = node.get("properties");
        if (properties == null || !"object".equals(node.path("type").asText())) {
            return;
        }
        new TreeMap<>(JSON.convertValue(properties, java.util.Map.class)).keySet().forEach(name -> {
            String path = prefix.isEmpty() ? name.toString() : prefix + "." + name;
            paths.add(path);
            collect(properties.get(name.toString()), path, paths);
        });
    }

    /** Dotted paths of the record components, through nested records and lists of records. */
    private static Set<String> fields(Class<?> record) {
        Set<String> paths = new TreeSet<>();
        fields(record, "", paths);
        return paths;
    }

    private static void fields(Class<?> record, String prefix, Set<String> paths) {
        for (RecordComponent component : record.getRecordComponents()) {
            String path = prefix.isEmpty() ? component.getName() : prefix + "." + component.getName();
            paths.add(path);
            Class<?> type = element(component.getGenericType());
            if (type.isRecord()) {
                fields(type, path, paths);
            }
        }
    }

    private static Class<?> element(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return element(parameterized.getActualTypeArguments()[0]);
        }
        return type instanceof Class<?> c ? c : Object.class;
    }
}
