package io.github.wecom4j.httpclient5;

import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

/**
 * Opens a connection to a {@link Route}: every address of the host in turn (as HttpClient's
 * operator did), each within the connect timeout, then TLS for https. Every failure up to a bound
 * connection is reported as the transport contract's "provably not sent": a
 * {@link ConnectException}, or an {@link HttpConnectTimeoutException} when the time ran out. TLS
 * failures (an untrusted certificate, another host's name) stay {@code SSLException}s.
 */
final class Connector {

    private final int connectTimeoutMillis;
    private final PlatformTls tls;

    Connector(Duration connectTimeout, PlatformTls tls) {
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.tls = tls;
    }

    PooledConnection open(Route route) throws IOException {
        Socket socket = connect(route);
        DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
        if (route.tls) {
            SSLSocket ssl;
            try {
                ssl = tls.layer(socket, route.host, route.port, connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw withCause(new HttpConnectTimeoutException("TLS handshake with " + route.host + " timed out"), e);
            }
            http.bind(ssl, socket);
        } else {
            http.bind(socket);
        }
        return new PooledConnection(http);
    }

    private Socket connect(Route route) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(route.host);
        } catch (UnknownHostException e) {
            throw withCause(new ConnectException("unknown host " + route.host), e);
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                // Requests are written whole and flushed once: Nagle would only delay them.
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, route.port), connectTimeoutMillis);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        String where = route.host + ":" + route.port;
        if (last instanceof SocketTimeoutException) {
            throw withCause(new HttpConnectTimeoutException("connect to " + where + " timed out"), last);
        }
        throw withCause(new ConnectException("connect to " + where + " failed: " + last.getMessage()), last);
    }

    static <T extends IOException> T withCause(T e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
