package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.CorpFiles;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar wecom4j-emulator-<version>-standalone.jar [--port 8089] [--host 127.0.0.1] [--corp corp.json]}
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8089;
        String host = "127.0.0.1";
        EmulatedCorp corp = DemoCorp.create();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--corp" -> corp = CorpFiles.load(Path.of(value(args, ++i, "--corp")));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar wecom4j-emulator-standalone.jar [--port 8089] [--host 127.0.0.1] [--corp corp.json]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        WeComEmulator emulator = WeComEmulator.builder().corp(corp).bindAddress(InetAddress.getByName(host)).port(port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println("wecom4j emulator of corp " + corp.corpId() + " (" + corp.name() + ") listening on "
                + emulator.baseUri() + " ; control API at " + emulator.baseUri() + "/_emulator/state");
        new CountDownLatch(1).await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
