package io.github.wecom4j.gateway.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relay in front of PostgreSQL that reads the wire protocol (v3, no TLS: connect with
 * {@code sslmode=disable&gssEncMode=disable}) and can lose one COMMIT's answer: the server has
 * committed, the client's connection breaks before it hears so. That is the one failure after which
 * a client cannot know whether its transaction is stored, as when a network cut or a proxy restart
 * falls between the two.
 *
 * <p>Armed with a piece of SQL, it cuts the first connection that sent a statement containing it
 * and then receives a {@code CommandComplete "COMMIT"}, instead of relaying that message.
 */
public final class PostgresCommitRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private volatile String armedFor;
    private final AtomicInteger cut = new AtomicInteger();

    public PostgresCommitRelay(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "pg-commit-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next transaction whose statements contain {@code sql} loses its COMMIT answer. */
    public void loseNextCommitAnswerOf(String sql) {
        armedFor = sql.toLowerCase(java.util.Locale.ROOT);
    }

    /** How many COMMIT answers were lost so far. */
    public int cut() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 2000);
                AtomicBoolean marked = new AtomicBoolean();
                start(() -> clientToServer(client, upstream, marked));
                start(() -> serverToClient(upstream, client, marked));
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** Frontend messages: the untyped startup message, then type byte + length + payload. */
    private void clientToServer(Socket client, Socket upstream, AtomicBoolean marked) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(client.getInputStream()));
             OutputStream out = new java.io.BufferedOutputStream(upstream.getOutputStream())) {
            int startLength = in.readInt();
            byte[] startup = new byte[startLength - 4];
            in.readFully(startup);
            out.write(int32(startLength));
            out.write(startup);
            out.flush();
            relay(in, out, m -> {
                String sql = armedFor;
                if (sql != null && (m.type == 'Q' || m.type == 'P') && m.text(StandardCharsets.UTF_8).contains(sql)) {
                    marked.set(true);
                }
                return true;
            });
        } catch (IOException e) {
            // one side closed
        } finally {
            close(client, upstream);
        }
    }

    /** Backend messages: type byte + length + payload; a marked connection's COMMIT answer is not relayed. */
    private void serverToClient(Socket upstream, Socket client, AtomicBoolean marked) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(upstream.getInputStream()));
             OutputStream out = new java.io.BufferedOutputStream(client.getOutputStream())) {
            relay(in, out, m -> {
                if (m.type == 'C' && marked.get() && m.text(StandardCharsets.US_ASCII).startsWith("commit")) {
                    armedFor = null;
                    marked.set(false);
                    cut.incrementAndGet();
                    return false; // committed on the server; the client hears nothing more on this connection
                }
                return true;
            });
        } catch (IOException e) {
            // one side closed
        } finally {
            close(client, upstream);
        }
    }

    /** Passes messages on while {@code inspector} says so; returns when it says no. */
    private static void relay(DataInputStream in, OutputStream out, java.util.function.Predicate<Message> inspector)
            throws IOException {
        while (true) {
            Message m = Message.read(in);
            if (!inspector.test(m)) {
                return;
            }
            m.write(out);
            if (in.available() == 0) {
                out.flush(); // nothing more buffered from this side: pass the messages on now
            }
        }
    }

    /** One typed protocol message: type byte, length (itself included), payload. */
    private record Message(byte type, byte[] payload) {

        static Message read(DataInputStream in) throws IOException {
            byte type = in.readByte();
            byte[] payload = new byte[in.readInt() - 4];
            in.readFully(payload);
            return new Message(type, payload);
        }

        String text(java.nio.charset.Charset charset) {
            return new String(payload, charset).toLowerCase(java.util.Locale.ROOT);
        }

        void write(OutputStream out) throws IOException {
            out.write(type);
            out.write(int32(payload.length + 4));
            out.write(payload);
        }
    }

    private static byte[] int32(int v) {
        return new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "pg-commit-relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
