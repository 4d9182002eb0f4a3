package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The product against the lightest peer, side by side: for each traffic model and number of calls, runs of the
 * product and of the Node bridge in {@code ../shared/peers/node-bridge} alternate (product, peer, product, peer …),
 * with the same generator, the same fake agent and the same settings, the server pinned to one core and this
 * generator to the other. Prints per run and per server: calls, server CPU per forwarded message (from /proc),
 * p99 added latency each way, and the ratios product ÷ peer; then the calls each carried within 10 ms p99.
 *
 * <p>Run through Maven: {@code ./mvnw -pl it-tests -Pload verify -Dload.main=org.pharmacyvoice.it.load.PeerComparison}
 * (BENCHMARKS.md, "Against the lightest peer"). Options besides the load benchmark's: {@code load.peer} (the peer's
 * folder), {@code load.rounds} (runs per server and point, alternating), {@code load.generatorCpus},
 * {@code load.productVariants} ("|"-separated sets of JVM flags added to the product's: one product run each).
 */
public final class PeerComparison {

    /** The p99 each way a number of calls must stay within to count as carried. */
    private static final double CARRIED_P99_MS = 10;

    private PeerComparison() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.fromSystemProperties();
        int rounds = Integer.getInteger("load.rounds", 2);
        String peerFolder = System.getProperty("load.peer", "").trim();
        Path peerSource = (peerFolder.isEmpty() ? options.projectRoot().resolve("../shared/peers/node-bridge")
                : Path.of(peerFolder)).toAbsolutePath().normalize();
        // Pinned unless told otherwise: the server on one core, the generator on the other ("calls per core").
        if (System.getProperty("load.serverCpus", "").isBlank()) {
            System.setProperty("load.serverCpus", "0");
        }
        if (System.getProperty("load.generatorCpus", "").isBlank()) {
            System.setProperty("load.generatorCpus", "1");
        }
        Files.createDirectories(options.out());
        pinGenerator();
        Path jar = ServerProcess.stage(options.projectRoot(), options.out().resolve("server"));
        Path peerScript = installPeer(peerSource, options.out().resolve("node-bridge"));
        String machine = Machine.describe();
        LoadRun.log("machine: %s", machine);
        LoadRun.log("server pinned to CPU %s, generator to CPU %s; calls %s; traffic %s; %d round(s); %d s warm-up, "
                        + "%d s window; a tool call every %d s per call", System.getProperty("load.serverCpus"),
                System.getProperty("load.generatorCpus"), options.calls(), options.traffic(), rounds,
                options.warmupSeconds(), options.steadySeconds(), options.toolEverySeconds());
        if (options.aot()) {
            // The product as ./run starts it: with the AOT cache of a training run of the same jar and flags.
            Path cache = jar.resolveSibling("pharmacy-voice-agent.aot");
            Files.deleteIfExists(cache);
            LoadRun.log("=== training the product's AOT cache ===");
            new LoadRun(options.training().withServerJvm("-XX:AOTCacheOutput=" + cache), 50, jar,
                    options.out().resolve("aot-training")).run();
            if (Files.isRegularFile(cache)) {
                options = options.withServerJvm("-XX:AOTCache=" + cache);
            }
        }
        List<BridgeUnderTest> bridges = new ArrayList<>();
        // "|"-separated sets of extra JVM flags: one product run per set, each round, to compare settings.
        for (String flags : System.getProperty("load.productVariants", "").split("\\|", -1)) {
            bridges.add(BridgeUnderTest.product(jar, flags));
        }
        bridges.add(BridgeUnderTest.nodePeer(peerScript));
        List<Measured> all = new ArrayList<>();
        for (Traffic traffic : options.traffic()) {
            for (int calls : options.calls()) {
                for (int round = 1; round <= rounds; round++) {
                    for (BridgeUnderTest bridge : bridges) {
                        String name = String.format(Locale.ROOT, "%s-%d-%s-%d", traffic.label(), calls,
                                bridge.peer() ? "peer" : "product" + bridges.indexOf(bridge), round);
                        RunResult result = null;
                        String load = "?";
                        for (int attempt = 1; attempt <= LoadBenchmark.MAX_ATTEMPTS; attempt++) {
                            // Other engineers' builds on this machine would be measured as the server's cost.
                            LoadBenchmark.awaitQuietMachine();
                            String loadNow = loadAverage();
                            LoadRun.log("=== %s: %s, %d calls, round %d%s (load average %s) ===", bridge.name(),
                                    traffic.label(), calls, round, attempt > 1 ? ", attempt " + attempt : "", loadNow);
                            RunResult measured;
                            try {
                                measured = new LoadRun(options.withTraffic(traffic), calls, bridge,
                                        options.out().resolve(name + (attempt > 1 ? "-attempt-" + attempt : "")))
                                        .run();
                            } catch (Exception | AssertionError e) {
                                // One failed run (a server that would not start, say) must not lose the others.
                                LoadRun.log("%s failed: %s; see %s", name, e, options.out().resolve(name));
                                continue;
                            }
                            if (result == null || measured.disturbancePercent() < result.disturbancePercent()) {
                                result = measured;
                                load = loadNow;
                            }
                            if (measured.disturbancePercent() <= LoadBenchmark.DISTURBED_PERCENT) {
                                break;
                            }
                            LoadRun.log("other processes and the hypervisor took %.0f %% of the machine during the "
                                    + "window: measuring again", measured.disturbancePercent());
                        }
                        if (result == null) {
                            continue;
                        }
                        Files.writeString(options.out().resolve(name + ".md"), result.markdown());
                        var measured = new Measured(traffic, bridge, round, load, result);
                        all.add(measured);
                        LoadRun.log("%s", measured.line());
                    }
                }
                String report = report(machine, options, rounds, all);
                Files.writeString(options.out().resolve("comparison.md"), report);
            }
        }
        String report = report(machine, options, rounds, all);
        Files.writeString(options.out().resolve("comparison.md"), report);
        System.out.println();
        System.out.println(report);
        LoadRun.log("results in %s", options.out());
    }

    /** One run of one bridge. */
    private record Measured(Traffic traffic, BridgeUnderTest bridge, int round, String loadAverage, RunResult r) {

        boolean carried() {
            return r.aliveAtWindowEnd() == r.calls() && r.callerToAgent().p99() <= CARRIED_P99_MS
                    && r.agentToCaller().p99() <= CARRIED_P99_MS && r.callerFrames().lost() == 0
                    && r.agentFrames().lost() == 0;
        }

        String line() {
            return String.format(Locale.ROOT, "%s, %s, %d calls (%d up), round %d: %.1f µs CPU per message "
                            + "(%.0f %% of a core, %.0f %% in the kernel, %,d messages, %.2f context switches each), p99 %.2f / %.2f ms, tool calls %d/%d answered, "
                            + "clears %d, lost %d + %d, other processes %.0f %%, steal %.1f %%, load average %s",
                    bridge.name(), traffic.label(), r.calls(), r.aliveAtWindowEnd(), round, r.cpuMicrosPerMessage(),
                    r.resources().serverCores() * 100, r.resources().serverKernelCores() * 100,
                    r.messagesForwarded(), r.contextSwitchesPerMessage(), r.callerToAgent().p99(),
                    r.agentToCaller().p99(), r.toolCounts().answered(), r.toolCounts().requested(),
                    r.problems().clears(), r.callerFrames().lost(), r.agentFrames().lost(),
                    r.otherProcessesPercent(), r.resources().stealPercent(), loadAverage);
        }
    }

    static String report(String machine, LoadOptions options, int rounds, List<Measured> all) {
        var md = new StringBuilder("# Product against the Node peer\n\n");
        md.append("Machine: ").append(machine).append("  \n");
        md.append(f("Server pinned to CPU %s, generator to CPU %s; %d s warm-up, %d s window; a tool call every %d s "
                        + "per call; %d round(s) per point, product and peer alternating.%n%n",
                System.getProperty("load.serverCpus"), System.getProperty("load.generatorCpus"),
                options.warmupSeconds(), options.steadySeconds(), options.toolEverySeconds(), rounds));
        md.append("| traffic | calls | round | server | up | CPU per message | server CPU (kernel) "
                + "| context switches per message | p99 caller → agent | p99 agent → caller | p50 c→a / a→c | lost "
                + "| tool calls answered | other processes / steal | load average |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measured m : all) {
            RunResult r = m.r();
            md.append(f("| %s | %d | %d | %s | %d | %.1f µs | %.0f %% (%.0f %%) | %.2f | %.2f ms | %.2f ms "
                            + "| %.2f / %.2f ms | %d | %d / %d | %.0f %% / %.1f %% | %s |%n",
                    m.traffic().label(), r.calls(), m.round(), m.bridge().name(), r.aliveAtWindowEnd(),
                    r.cpuMicrosPerMessage(), r.resources().serverCores() * 100,
                    r.resources().serverKernelCores() * 100, r.contextSwitchesPerMessage(), r.callerToAgent().p99(),
                    r.agentToCaller().p99(), r.callerToAgent().p50(), r.agentToCaller().p50(),
                    r.callerFrames().lost() + r.agentFrames().lost(), r.toolCounts().answered(),
                    r.toolCounts().requested(), r.otherProcessesPercent(), r.resources().stealPercent(),
                    m.loadAverage()));
        }
        md.append("\n## Ratios, product ÷ peer (same round, back to back)\n\n");
        md.append("| traffic | calls | round | product | CPU per message | p99 caller → agent | p99 agent → caller |\n"
                + "|---|---|---|---|---|---|---|\n");
        Map<String, List<Measured>> products = new LinkedHashMap<>();
        for (Measured m : all) {
            String key = m.traffic() + "/" + m.r().calls() + "/" + m.round();
            if (!m.bridge().peer()) {
                products.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
                continue;
            }
            for (Measured p : products.getOrDefault(key, List.of())) {
                md.append(f("| %s | %d | %d | %s | %.2f (%.1f / %.1f µs) | %.2f (%.2f / %.2f ms) "
                                + "| %.2f (%.2f / %.2f ms) |%n",
                        m.traffic().label(), m.r().calls(), m.round(), p.bridge().name(),
                        ratio(p.r().cpuMicrosPerMessage(), m.r().cpuMicrosPerMessage()),
                        p.r().cpuMicrosPerMessage(), m.r().cpuMicrosPerMessage(),
                        ratio(p.r().callerToAgent().p99(), m.r().callerToAgent().p99()),
                        p.r().callerToAgent().p99(), m.r().callerToAgent().p99(),
                        ratio(p.r().agentToCaller().p99(), m.r().agentToCaller().p99()),
                        p.r().agentToCaller().p99(), m.r().agentToCaller().p99()));
            }
        }
        md.append(f("%n## Calls carried within %.0f ms p99 each way (all calls up, no frame lost), server on one core"
                + "%n%n| traffic | server | most calls carried in every round | of the numbers tried |%n"
                + "|---|---|---|---|%n", CARRIED_P99_MS));
        for (Traffic traffic : options.traffic()) {
            List<String> names = all.stream().map(m -> m.bridge().name()).distinct().toList();
            for (String name : names) {
                List<Measured> runs = all.stream().filter(m -> m.traffic() == traffic && m.bridge().name().equals(name))
                        .toList();
                if (runs.isEmpty()) {
                    continue;
                }
                int carried = runs.stream().map(m -> m.r().calls()).distinct()
                        .filter(calls -> runs.stream().filter(m -> m.r().calls() == calls).allMatch(Measured::carried))
                        .max(Comparator.naturalOrder()).orElse(0);
                md.append(f("| %s | %s | %s | %s |%n", traffic.label(), name,
                        carried == 0 ? "none" : String.valueOf(carried), options.calls()));
            }
        }
        md.append("\nCPU per message: the server's CPU time in the window (user + system, /proc/<pid>/stat) divided by "
                + "the messages it forwarded in the window, both ways. In the conversation model an agent message "
                + "is 100 ms of audio (800 bytes), in the worst case 20 ms (160 bytes).\n");
        return md.toString();
    }

    private static double ratio(double product, double peer) {
        return peer == 0 ? Double.NaN : product / peer;
    }

    /** Pins this process, every thread of it, to the generator's CPUs: the server gets the others to itself. */
    private static void pinGenerator() throws IOException, InterruptedException {
        String cpus = System.getProperty("load.generatorCpus", "").trim();
        if (cpus.isEmpty()) {
            return;
        }
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus,
                String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes()).trim();
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException("taskset failed: " + output);
        }
    }

    /** A copy of the peer with its one dependency installed, as its README says; returns its server.mjs. */
    private static Path installPeer(Path source, Path into) throws IOException, InterruptedException {
        if (!Files.isRegularFile(source.resolve("server.mjs"))) {
            throw new IllegalStateException("no Node peer at " + source + " (set -Dload.peer=<folder of server.mjs>)");
        }
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, into.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(into.resolve("node_modules/ws"))) {
            LoadRun.log("npm install in %s", into);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(into.toFile())
                    .inheritIO().start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm install of the Node peer failed in " + into);
            }
        }
        return into.resolve("server.mjs");
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
