package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the CPU time, memory and threads of processes, and the machine's steal time, from Linux's /proc. */
final class ProcStats {

    /** USER_HZ: /proc counts CPU time in these ticks (100 on every Linux this runs on; getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** One reading of one process. */
    record Process(long userTicks, long systemTicks, long rssKb, long peakRssKb, int threads) {
        long cpuTicks() {
            return userTicks + systemTicks;
        }
    }

    /** Hypervisor steal time of the whole machine, in ticks summed over all CPUs. */
    static long stealTicks() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        return Long.parseLong(f[8]);
    }

    /**
     * CPU ticks of every process on the machine, children they reaped included. The machine-wide counters of
     * /proc/stat are no use here: on this tickless virtual machine they miss much of the time spent in short bursts
     * (and miscount idle time), while each task's own accounting matches {@code perf stat}'s task clock.
     */
    static Map<Long, Long> allProcessTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(Long.valueOf(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                            + Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    /** CPU ticks spent between two readings of {@link #allProcessTicks()}. */
    static long ticksBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> process : after.entrySet()) {
            total += process.getValue() - before.getOrDefault(process.getKey(), 0L);
        }
        return total;
    }

    /**
     * Context switches of every thread of a process so far, voluntary (it blocked: a read with nothing to read, a
     * park) and involuntary (preempted): each one is a wake-up or a time slice lost.
     */
    static long contextSwitches(long pid) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += kilobytes(line);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    static Process process(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name may contain spaces and parentheses; the fields after its closing ')' are plain.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long user = Long.parseLong(fields[11]);
        long system = Long.parseLong(fields[12]);
        long rss = 0;
        long peak = 0;
        int threads = 0;
        for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kilobytes(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).trim());
            }
        }
        return new Process(user, system, rss, peak, threads);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
