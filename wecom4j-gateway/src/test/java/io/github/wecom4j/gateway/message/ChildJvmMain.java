package io.github.wecom4j.gateway.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Entry point of every {@link ChildJvm}: runs the real main class given as the first argument, and
 * ends the process when the test JVM that started it is gone. The parent holds the child's stdin;
 * when the parent dies (killed, or a build interrupted), the pipe closes and the child halts, so no
 * orphaned gateway or emulator keeps running and holding ports, database rows or CPU.
 */
final class ChildJvmMain {

    private ChildJvmMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(() -> {
            try (InputStream parent = System.in) {
                while (parent.read() >= 0) {
                    // nothing is sent on purpose; only the end of the stream matters
                }
            } catch (IOException ignored) {
                // a broken pipe means the same: the parent is gone
            }
            Runtime.getRuntime().halt(143);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
