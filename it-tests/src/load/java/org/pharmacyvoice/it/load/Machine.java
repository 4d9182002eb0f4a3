package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine and JDK a series ran on, for the report. */
final class Machine {

    private Machine() {
    }

    /**
     * The machine's online CPUs, from /proc/stat: unlike {@code availableProcessors()} not narrowed when the
     * generator pins itself to one of them.
     */
    static int cpus() {
        try {
            long n = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            return n > 0 ? (int) n : Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static String describe() {
        String cpu = "unknown CPU";
        long memoryKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (IOException e) {
            // leave the defaults
        }
        return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, JDK %s (%s), %s %s %s",
                cpus(), cpu, memoryKb / 1024.0 / 1024.0,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }
}
