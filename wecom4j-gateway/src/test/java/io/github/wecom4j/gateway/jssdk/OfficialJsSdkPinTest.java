package io.github.wecom4j.gateway.jssdk;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One version of {@code @wecom/jssdk}, pinned the same everywhere: the pom (which fetches it and
 * checks its sha512), package.json and package-lock.json (for people who use npm). Needs no network.
 */
class OfficialJsSdkPinTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void pomPackageJsonAndLockNameTheSameVersionAndIntegrity() throws Exception {
        Properties built = new Properties();
        try (var in = OfficialJsSdk.class.getResourceAsStream(OfficialJsSdk.PROPERTIES)) {
            assertThat(in).as("the build writes " + OfficialJsSdk.PROPERTIES).isNotNull();
            built.load(in);
        }
        String version = built.getProperty("version");
        JsonNode pkg = JSON.readTree(Files.readString(Path.of("package.json")));
        JsonNode lock = JSON.readTree(Files.readString(Path.of("package-lock.json")))
                .path("packages").path("node_modules/@wecom/jssdk");
        assertThat(pkg.path("devDependencies").path("@wecom/jssdk").asString()).isEqualTo(version);
        assertThat(lock.path("version").asString()).isEqualTo(version);

        String integrity = lock.path("integrity").asString();
        assertThat(integrity).startsWith("sha512-");
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(integrity.substring("sha512-".length())));
        assertThat(hex).isEqualTo(built.getProperty("sha512"));
        assertThat(built.getProperty("script")).isEqualTo("/vendor/wecom-jssdk/" + version + "/wecom.global.prod.js");
    }
}
