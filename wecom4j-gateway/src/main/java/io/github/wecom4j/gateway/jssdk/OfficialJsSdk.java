package io.github.wecom4j.gateway.jssdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Tencent's official JS-SDK, npm {@code @wecom/jssdk}, as this build has it: the pom fetches the
 * pinned version from the npm registry, checks its sha512 and unpacks the browser bundle
 * ({@code dist/wecom.global.prod.js}, which defines the global {@code ww}) under
 * {@code static/vendor/wecom-jssdk/<version>/}, and writes {@code official-jssdk.properties} beside
 * this class. A build made offline has the properties but not the script.
 *
 * @param version the pinned version, e.g. {@code 2.4.4}; "unknown" when the build wrote no properties
 * @param script  the path the gateway serves the bundle at, when the build has it
 */
record OfficialJsSdk(String version, Optional<String> script) {

    static final String PROPERTIES = "official-jssdk.properties";

    /** What the classpath holds. */
    static OfficialJsSdk fromClasspath() {
        Properties p = new Properties();
        try (InputStream in = OfficialJsSdk.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                return new OfficialJsSdk("unknown", Optional.empty());
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = p.getProperty("version", "unknown");
        String script = p.getProperty("script");
        boolean present = script != null && OfficialJsSdk.class.getResource("/static" + script) != null;
        return new OfficialJsSdk(version, present ? Optional.of(script) : Optional.empty());
    }
}
