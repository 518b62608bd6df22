package io.github.wecom4j.emulator.corp;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedDomainTest {

    @Test
    void theHostMustBeTheDomainAndThePortToWhenNamed() {
        assertThat(TrustedDomain.matches("app.example.com", URI.create("https://APP.example.com/page?x=1"))).isTrue();
        assertThat(TrustedDomain.matches("app.example.com", URI.create("https://app.example.com:443/page"))).isTrue();
        // doc 91022: the domain is matched exactly, port included; no port means the default one
        assertThat(TrustedDomain.matches("app.example.com", URI.create("https://app.example.com:8443/page"))).isFalse();
        assertThat(TrustedDomain.matches("localhost", URI.create("http://localhost:8080/login/callback"))).isFalse();
        assertThat(TrustedDomain.matches("localhost", URI.create("http://localhost/login/callback"))).isTrue();
        assertThat(TrustedDomain.matches("example.com", URI.create("https://app.example.com/"))).isFalse();
        assertThat(TrustedDomain.matches("app.example.com", URI.create("https://app.example.com.evil.test/"))).isFalse();
        assertThat(TrustedDomain.matches("localhost:8080", URI.create("http://localhost:8080/x"))).isTrue();
        assertThat(TrustedDomain.matches("localhost:8080", URI.create("http://localhost:9090/x"))).isFalse();
        assertThat(TrustedDomain.matches("localhost", URI.create("file://localhost/etc/passwd"))).isFalse();
    }
}
