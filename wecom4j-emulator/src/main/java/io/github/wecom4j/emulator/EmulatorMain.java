package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.CorpFiles;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar wecom4j-emulator-<version>-standalone.jar [--port 8089] [--host 127.0.0.1] [--corp corp.json]}
 *
 * <p>A mistake on the command line (an unknown option, a port that is not a number, a corp file
 * that cannot be read, a port already taken) ends the process with one line saying what is wrong
 * and exit status 2 (usage) or 1 (could not start), never with a stack trace.
 */
public final class EmulatorMain {

    static final String USAGE = "usage: java -jar wecom4j-emulator-standalone.jar [--port 8089] [--host 127.0.0.1] [--corp corp.json]";

    /** The command line could not be used; the message says why, for a person. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private record Options(int port, InetAddress host, EmulatedCorp corp, boolean help) {
    }

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        WeComEmulator emulator;
        try {
            emulator = WeComEmulator.builder().corp(options.corp()).bindAddress(options.host()).port(options.port()).start();
        } catch (UncheckedIOException e) {
            System.err.println("cannot listen on " + options.host().getHostAddress() + ":" + options.port()
                    + ": " + reason(e.getCause()));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        EmulatedCorp corp = options.corp();
        System.out.println("wecom4j emulator of corp " + corp.corpId() + " (" + corp.name() + ") listening on "
                + emulator.baseUri() + " ; control API at " + emulator.baseUri() + "/_emulator/state");
        new CountDownLatch(1).await();
    }

    private static Options parse(String[] args) throws UsageException {
        int port = 8089;
        InetAddress host = InetAddress.getLoopbackAddress();
        EmulatedCorp corp = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--host" -> host = host(value(args, ++i, "--host"));
                case "--corp" -> corp = corp(value(args, ++i, "--corp"));
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        return new Options(port, host, corp == null ? DemoCorp.create() : corp, help);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new UsageException("--port takes a number from 0 to 65535 (0: any free port), not '" + value + "'");
    }

    private static InetAddress host(String value) throws UsageException {
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new UsageException("--host: unknown host '" + value + "'");
        }
    }

    private static EmulatedCorp corp(String file) throws UsageException {
        try {
            return CorpFiles.load(Path.of(file));
        } catch (UncheckedIOException e) {
            throw new UsageException("--corp: cannot read " + file + " (" + reason(e.getCause()) + ")");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--corp: " + e.getMessage());
        }
    }

    private static String reason(Throwable cause) {
        if (cause instanceof NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof BindException) {
            return "address already in use";
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
