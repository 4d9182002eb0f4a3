package org.pharmacyvoice.it.load.cascade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's parameters: program arguments {@code key=value} (through Maven: {@code -Dload.args="calls=20,50"}),
 * else system properties {@code cascade.key}, else the defaults.
 */
record CostOptions(List<Integer> calls, int warmupSeconds, int windowSeconds, int turnEverySeconds,
                   double replySeconds, int chunkBytes, int rounds, List<String> agents, boolean together,
                   String serverCpus, Path root, Path out) {

    static CostOptions from(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, not: " + arg);
            }
            given.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
        }
        var options = new CostOptions(
                Arrays.stream(value(given, "calls", "20,50").split(",")).map(String::trim).map(Integer::valueOf)
                        .toList(),
                Integer.parseInt(value(given, "warmup", "20")),
                Integer.parseInt(value(given, "window", "30")),
                Integer.parseInt(value(given, "turnEvery", "8")),
                Double.parseDouble(value(given, "replySeconds", "3")),
                Integer.parseInt(value(given, "chunk", "1600")),
                Integer.parseInt(value(given, "rounds", "1")),
                Arrays.stream(value(given, "agents", "deepgram,cascaded").split(",")).map(String::trim).toList(),
                Boolean.parseBoolean(value(given, "together", "false")),
                value(given, "cpus", defaultServerCpus()),
                Path.of(System.getProperty("load.root", ".")).toAbsolutePath().normalize(),
                Path.of(value(given, "out", System.getProperty("load.out", "it-tests/target/load-results"))));
        given.keySet().removeAll(List.of("calls", "warmup", "window", "turnEvery", "replySeconds", "chunk", "rounds",
                "agents", "together", "cpus", "out"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + given.keySet());
        }
        return options;
    }

    /** CPU 0 for the server when there are two CPUs or more and taskset exists; "none" when not pinned. */
    private static String defaultServerCpus() {
        boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset"))
                || Files.isExecutable(Path.of("/bin/taskset"));
        return taskset && Runtime.getRuntime().availableProcessors() >= 2 ? "0" : "none";
    }

    private static String value(Map<String, String> given, String key, String otherwise) {
        String value = given.get(key);
        return value != null ? value : System.getProperty("cascade." + key, otherwise);
    }

    boolean pinned() {
        return !serverCpus.isBlank() && !serverCpus.equals("none");
    }

    /** The reply's μ-law bytes: 8000 a second. */
    int replyBytes() {
        return (int) Math.round(replySeconds * 8000);
    }
}
