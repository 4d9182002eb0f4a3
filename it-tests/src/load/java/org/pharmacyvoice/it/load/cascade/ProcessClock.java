package org.pharmacyvoice.it.load.cascade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time and memory of processes, from Linux's /proc: what a window cost the server, the generator and the rest. */
final class ProcessClock {

    /** USER_HZ: /proc counts CPU time in these ticks (100 on Linux; {@code getconf CLK_TCK}). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcessClock() {
    }

    /** User plus system ticks of one process (its threads included). */
    static long cpuTicks(long pid) {
        String[] fields = statFields(Path.of("/proc", String.valueOf(pid), "stat"));
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** User plus system ticks of the JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…") of a JVM. */
    static long compilerTicks(long pid) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] f = statFields(task.resolve("stat"));
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
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

    /** User plus system ticks of every process on the machine, reaped children included. */
    static long allTicks() {
        long total = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String[] f = statFields(entry.resolve("stat"));
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                } catch (RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** Resident memory in KiB. */
    static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first three numbers of /proc/loadavg: the run queue over 1, 5 and 15 minutes. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            // The command name may hold spaces and parentheses; the fields after its closing ')' are plain.
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
