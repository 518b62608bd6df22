package io.github.wecom4j.gateway.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A separately launched JVM on the test's classpath, killed for real (SIGKILL) when asked. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * A child inherits ignored signals, and a JVM started with SIGINT ignored installs no Ctrl-C
     * handler: a build launched in the background of a non-interactive shell (or by a tool that
     * ignores SIGINT) made {@link FirstRunShutdownTest} fail for that reason alone. Where coreutils'
     * {@code env --default-signal} exists (Linux), children start with SIGINT back to its default,
     * as a process started from a terminal has it; it execs, so the process id stays the child's.
     */
    private static final List<String> RESET_SIGINT = resetSigint();

    private static List<String> resetSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static ChildJvm start(String name, Path dir, String mainClass, List<String> args) {
        // C1 only: tests start many short-lived JVMs and care about start-up, not peak speed.
        return start(name, dir, mainClass, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), args);
    }

    /** With the given JVM options (benchmarks want the full JIT, a profiler, a heap size). */
    static ChildJvm start(String name, Path dir, String mainClass, List<String> jvmOptions, List<String> args) {
        return start(name, dir, mainClass, jvmOptions, args, java.util.Map.of());
    }

    /** As above, with these environment variables added (a preloaded library that moves the wall clock, say). */
    static ChildJvm start(String name, Path dir, String mainClass, List<String> jvmOptions, List<String> args,
                          java.util.Map<String, String> environment) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(RESET_SIGINT);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, ChildJvmMain.class.getName(), mainClass));
        cmd.addAll(args);
        Path log = dir.resolve(name + ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().remove("WECOM_CORP_ID");
            pb.environment().putAll(environment);
            return new ChildJvm(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU seconds the process has used so far (user + system, from {@code /proc}), NaN where there
     * is no {@code /proc}. On a shared machine CPU per unit of work is steadier than work per second.
     */
    double cpuSeconds() {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** User + system CPU seconds in a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line. */
    static double cpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; USER_HZ is 100 on Linux.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What the child sees when this JVM dies: its stdin ends ({@link ChildJvmMain} then halts it). */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits up to {@code max} for the process to end by itself. */
    boolean awaitExit(java.time.Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, exactly like a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a rolling restart sends it; true when the process ended within {@code max}. */
    boolean terminate(java.time.Duration max) throws InterruptedException {
        process.destroy();
        return process.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The child's process id (for jcmd). */
    long pid() {
        return process.pid();
    }

    /** SIGINT, as Ctrl-C in a terminal sends it; true when the process ended within {@code max}. */
    boolean interrupt(java.time.Duration max) throws InterruptedException, IOException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
        return process.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The whole log so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
