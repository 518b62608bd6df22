package io.github.wecom4j.gateway.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a benchmark round's CPU went, from {@code /proc}: the whole machine's busy cores, all of
 * PostgreSQL's processes, and this JVM (the load generator). A round that leaves cores idle is
 * bounded by latency (waits for the disk, hand-offs), not by CPU, and needs another remedy.
 */
record MachineCpu(long busyJiffies, long totalJiffies, double postgres, double self, long nanos) {

    static MachineCpu now() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        // user nice system idle iowait irq softirq steal: idle and iowait are the idle ones.
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        double self = ChildJvm.cpuSeconds(Files.readString(Path.of("/proc/self/stat")));
        return new MachineCpu(total - idle, total, DeliveryDrainBenchmark.postgresCpuSeconds(), self, System.nanoTime());
    }

    /** "machine busy 1.62 of 2 cores (PostgreSQL 0.61, load generator 0.12)" since this reading. */
    String since() throws IOException {
        MachineCpu end = now();
        int cores = Runtime.getRuntime().availableProcessors();
        double share = (end.busyJiffies - busyJiffies) / (double) Math.max(1, end.totalJiffies - totalJiffies);
        double seconds = (end.nanos - nanos) / 1e9;
        return String.format(Locale.ROOT, "machine busy %.2f of %d cores (PostgreSQL %.2f, load generator %.2f)", share * cores,
                cores, (end.postgres - postgres) / seconds, (end.self - self) / seconds);
    }
}
