package io.github.wecom4j.http;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.net.URI;
import java.security.SecureRandom;

/**
 * A TLS context for clients whose hosts are all plain http: it refuses every use. It exists so an
 * HTTP client can be built without {@code SSLContext.getDefault()}, which loads the trust store and
 * the TLS provider (a few hundred milliseconds of a cold start) for connections that never come.
 * It weakens nothing: if a TLS connection were ever attempted it fails, it never trusts.
 */
public final class HttpOnlyTls {

    private HttpOnlyTls() {
    }

    /** True when no host of {@code hosts} is https. */
    public static boolean allPlainHttp(WeComHosts hosts) {
        return isHttp(hosts.api()) && isHttp(hosts.oauth()) && isHttp(hosts.login());
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme());
    }

    /** A context whose every operation throws {@link IllegalStateException}. */
    public static SSLContext context() {
        return new Refusing();
    }

    private static final class Refusing extends SSLContext {
        Refusing() {
            super(new RefusingSpi(), null, "none");
        }
    }

    private static final class RefusingSpi extends SSLContextSpi {

        private static IllegalStateException refused() {
            return new IllegalStateException("TLS is not set up: this client was built for plain-http hosts only");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
