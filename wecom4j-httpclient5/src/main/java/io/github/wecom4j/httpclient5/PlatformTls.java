package io.github.wecom4j.httpclient5;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;

/**
 * TLS over a connected socket, verified by the JDK itself: the context's trust store (the
 * platform's default {@link SSLContext} in production) and host name verification by the
 * endpoint identification algorithm {@code HTTPS} (RFC 2818 / RFC 6125, as the JDK's own
 * {@code HttpsURLConnection} and {@code HttpClient} check), with SNI so a shared front end serves
 * the right certificate. The context is created on the first TLS connection: a client whose
 * hosts are all plain http never loads the trust store and TLS provider (a large part of a cold
 * start, see {@code HttpOnlyTls}).
 */
final class PlatformTls {

    private final Supplier<SSLContext> context;
    private volatile SSLSocketFactory factory;

    private PlatformTls(Supplier<SSLContext> context) {
        this.context = context;
    }

    /** The platform's default context ({@code javax.net.ssl.*} properties, the JDK's cacerts). */
    static PlatformTls platformDefault() {
        return new PlatformTls(() -> {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the platform has no default TLS context", e);
            }
        });
    }

    /** Another trust set-up (tests: a self-signed certificate); the host name check stays on. */
    static PlatformTls with(Supplier<SSLContext> context) {
        return new PlatformTls(context);
    }

    /** For clients built for plain-http hosts only: every TLS connection fails, none is trusted. */
    static PlatformTls refused() {
        return new PlatformTls(null);
    }

    /**
     * Handshakes TLS over {@code plain} (already connected to {@code host}) within {@code timeoutMillis};
     * closes {@code plain} on failure.
     */
    SSLSocket layer(Socket plain, String host, int port, int timeoutMillis) throws IOException {
        try {
            SSLSocket ssl = (SSLSocket) factory().createSocket(plain, host, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                // The JDK sends SNI for a host name passed to createSocket too; set it so it never depends on that.
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(timeoutMillis);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private SSLSocketFactory factory() throws SSLException {
        if (context == null) {
            throw new SSLHandshakeException("TLS is not set up: this client was built for plain-http hosts only");
        }
        SSLSocketFactory f = factory;
        if (f == null) {
            synchronized (this) {
                if (factory == null) {
                    try {
                        factory = context.get().getSocketFactory();
                    } catch (IllegalStateException e) {
                        throw new SSLException(e.getMessage(), e);
                    }
                }
                f = factory;
            }
        }
        return f;
    }

    /** IPv4 dotted quads and IPv6 literals (SNI carries host names only, RFC 6066 §3). */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
