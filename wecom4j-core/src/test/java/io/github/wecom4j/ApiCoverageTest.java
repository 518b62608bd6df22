package io.github.wecom4j;

import io.github.wecom4j.emulator.WeComEmulator;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every WeCom path we wrap has an SDK method, an emulator route and a test (after the coverage
 * test of Slack's SDK): {@code api-coverage.tsv} is the table.
 */
class ApiCoverageTest {

    record Row(String path, String method, String test) {
    }

    static List<Row> table() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(ApiCoverageTest.class.getResourceAsStream("/api-coverage.tsv")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                assertThat(c).as("columns of: %s", line).hasSize(3);
                rows.add(new Row(c[0], c[1], c[2]));
            }
        }
        return rows;
    }

    @Test
    void everyWrappedPathIsServedByTheEmulatorAndEveryServedPathIsWrapped() throws Exception {
        Set<String> table = table().stream().map(Row::path).collect(Collectors.toSet());
        try (WeComEmulator emulator = WeComEmulator.start()) {
            assertThat(emulator.apiPaths()).as("emulator routes vs api-coverage.tsv").containsExactlyInAnyOrderElementsOf(table);
        }
    }

    @Test
    void everyRowNamesAPublicSdkMethodAndAnExistingTest() throws Exception {
        for (Row row : table()) {
            if (row.method().equals("emulator-only")) {
                continue; // served for other SDKs, tested in the emulator's own suite
            }
            String[] m = row.method().split("#");
            Class<?> owner = Class.forName(m[0]);
            assertThat(Arrays.stream(owner.getMethods())
                    .filter(x -> x.getName().equals(m[1]))
                    .map(Method::getModifiers).anyMatch(Modifier::isPublic))
                    .as("public SDK method %s for %s", row.method(), row.path()).isTrue();
            assertThat(Class.forName(row.test())).as("test for %s", row.path()).isNotNull();
            // The named test must actually call the method (by name): a row cannot point at any test.
            java.nio.file.Path source = java.nio.file.Path.of("src/test/java", row.test().replace('.', '/') + ".java");
            assertThat(java.nio.file.Files.readString(source)).as("%s calls %s", source, row.method())
                    .contains("." + m[1] + "(");
        }
    }
}
