package org.pharmacyvoice.it.load.cascade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What the cascaded agent costs the server per call, against the Deepgram Voice Agent: the same callers and the same
 * conversation (a turn every few seconds, the same reply audio) run once with {@code VOICE_AGENT=deepgram} against a
 * fake Voice Agent and once with {@code VOICE_AGENT=cascaded} against fakes of speech-to-text, the language model and
 * text-to-speech; the server's CPU over a steady window, divided by the calls, and the difference. With
 * {@code together=true} both servers run side by side on the same CPU over the same window instead, so that other
 * work on a shared machine disturbs both alike.
 *
 * <pre>./mvnw -pl it-tests -am -Pload verify -Dload.main=org.pharmacyvoice.it.load.cascade.CascadedAgentCost \
 *     -Dload.args="calls=20,50"</pre>
 */
public final class CascadedAgentCost {

    /** One agent's run at one number of calls. */
    record Row(String agent, int calls, int round, int callsUp, double serverCores, double compilerCores,
               double generatorCores,
               double otherCores, int turnsStarted, int turnsCompleted, double p50Millis, double p99Millis,
               long rssKb, int modelRequests, int framesSkipped, String loadBefore, String loadAfter) {

        double perCall() {
            return serverCores / calls;
        }

        /** Per call without the JIT compilers: what is left once the code is compiled (they still work for minutes). */
        double compiledPerCall() {
            return (serverCores - compilerCores) / calls;
        }

        /**
         * The machine took the server or the generator away for long enough to matter: calls lost, frames the
         * generator was too late to send, or replies that did not all arrive.
         */
        boolean disturbed() {
            return callsUp < calls || framesSkipped > 0 || turnsCompleted < turnsStarted;
        }
    }

    private CascadedAgentCost() {
    }

    public static void main(String[] args) throws Exception {
        CostOptions options = CostOptions.from(args);
        int machineCpus = Runtime.getRuntime().availableProcessors();
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out);
        Path jar = stage(options.root(), out.resolve("cascade-cost-server"));
        if (options.pinned()) {
            pinGenerator(options.serverCpus());
        }
        System.out.printf(Locale.ROOT, "server CPUs: %s; warm-up %d s, window %d s, a turn every %d s, reply %.1f s "
                        + "in %d-byte chunks%n", options.pinned() ? options.serverCpus() : "not pinned",
                options.warmupSeconds(), options.windowSeconds(), options.turnEverySeconds(), options.replySeconds(),
                options.chunkBytes());
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int calls : options.calls()) {
                rows.addAll(round(options, jar, out, calls, round));
            }
        }
        String report = report(options, rows, machineCpus);
        Path file = out.resolve("cascade-cost-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + file);
        System.exit(0);
    }

    /**
     * One round at one number of calls: the agents one after the other, or (together) side by side on the same CPUs
     * over the same window, so that whatever else runs on the machine disturbs both alike.
     */
    private static List<Row> round(CostOptions options, Path jar, Path out, int calls, int round) throws Exception {
        List<Row> rows = new ArrayList<>();
        if (options.together()) {
            List<AgentTrial> trials = new ArrayList<>();
            try {
                for (String agent : options.agents()) {
                    trials.add(new AgentTrial(options, jar, runDir(out, agent, calls, round), agent, calls));
                }
                for (AgentTrial trial : trials) {
                    trial.dial();
                }
                rows.addAll(measure(options, trials, round));
            } finally {
                for (AgentTrial trial : trials) {
                    trial.close();
                }
            }
        } else {
            for (String agent : options.agents()) {
                try (var trial = new AgentTrial(options, jar, runDir(out, agent, calls, round), agent, calls)) {
                    trial.dial();
                    rows.addAll(measure(options, List.of(trial), round));
                }
            }
        }
        return rows;
    }

    private static Path runDir(Path out, String agent, int calls, int round) throws IOException {
        Path runDir = out.resolve("cascade-cost-" + agent + "-" + calls + "-" + round);
        deleteTree(runDir);
        Files.createDirectories(runDir);
        return runDir;
    }

    /** Warm-up, then one window over every trial: each server's CPU, and the generator's and everyone else's. */
    private static List<Row> measure(CostOptions options, List<AgentTrial> trials, int round) throws Exception {
        Thread.sleep(options.warmupSeconds() * 1000L);
        String loadBefore = ProcessClock.loadAverage();
        long self = ProcessHandle.current().pid();
        long selfBefore = ProcessClock.cpuTicks(self);
        long allBefore = ProcessClock.allTicks();
        long started = System.nanoTime();
        trials.forEach(AgentTrial::startWindow);
        Thread.sleep(options.windowSeconds() * 1000L);
        List<AgentTrial.Window> windows = trials.stream().map(AgentTrial::endWindow).toList();
        long selfTicks = ProcessClock.cpuTicks(self) - selfBefore;
        long allTicks = ProcessClock.allTicks() - allBefore;
        double perSecond = ProcessClock.TICKS_PER_SECOND * (System.nanoTime() - started) / 1e9;
        String loadAfter = ProcessClock.loadAverage();
        long serversTicks = windows.stream().mapToLong(AgentTrial.Window::serverTicks).sum();
        // Turns that ended in the window get the time to deliver their reply.
        Thread.sleep(3000);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            AgentTrial trial = trials.get(i);
            AgentTrial.Window window = windows.get(i);
            CallLedger ledger = trial.ledger();
            var row = new Row(trial.agent(), trial.calls(), round, window.callsUp(), window.serverTicks() / perSecond,
                    window.compilerTicks() / perSecond,
                    selfTicks / perSecond, Math.max(0, allTicks - serversTicks - selfTicks) / perSecond,
                    ledger.turnsStarted(), ledger.turnsCompleted(), ledger.latencyMillis(0.5),
                    ledger.latencyMillis(0.99), window.rssKb(), window.modelRequests(), window.framesSkipped(),
                    loadBefore, loadAfter);
            rows.add(row);
            System.out.println(describe(row));
        }
        return rows;
    }

    private static String describe(Row row) {
        return String.format(Locale.ROOT, "%-8s %3d calls (round %d): %d up, server %.1f %% of a core (JIT %.1f %%) "
                        + "= %.2f %% per call, turns %d/%d (model requests %d), latency p50 %.1f ms p99 %.1f ms, "
                        + "RSS %d MiB, generator %.0f %% (frames skipped %d), others %.0f %%, loadavg %s -> %s%s",
                row.agent(), row.calls(), row.round(), row.callsUp(), 100 * row.serverCores(),
                100 * row.compilerCores(), 100 * row.perCall(), row.turnsCompleted(), row.turnsStarted(),
                row.modelRequests(), row.p50Millis(), row.p99Millis(), row.rssKb() / 1024,
                100 * row.generatorCores(), row.framesSkipped(), 100 * row.otherCores(), row.loadBefore(),
                row.loadAfter(), row.disturbed() ? " DISTURBED" : "");
    }

    private static String report(CostOptions options, List<Row> rows, int machineCpus) {
        var text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Cascaded agent's cost per call: warm-up %d s, window %d s, a turn "
                        + "every %d s per call, %.1f s of reply audio in %d-byte chunks, agents %s, server CPUs %s, "
                        + "JDK %s, %d CPUs.%n%n", options.warmupSeconds(), options.windowSeconds(),
                options.turnEverySeconds(), options.replySeconds(), options.chunkBytes(),
                options.together() ? "side by side" : "one after the other",
                options.pinned() ? options.serverCpus() : "not pinned", System.getProperty("java.version"),
                machineCpus));
        text.append("| agent | calls (up) | server CPU, % of a core (of which JIT compilers) "
                + "| CPU per call: % of a core (ms per call-second) | added per call by the cascaded agent "
                + "| turns completed / begun | reply latency p50 / p99 | server RSS | generator / other processes CPU "
                + "| loadavg before → after |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            String added = "";
            if (row.agent().equals("cascaded")) {
                added = rows.stream().filter(r -> r.agent().equals("deepgram") && r.calls() == row.calls()
                                && r.round() == row.round()).findFirst()
                        .map(base -> String.format(Locale.ROOT, "%+.2f %% (%+.1f ms/s)",
                                100 * (row.perCall() - base.perCall()), 1000 * (row.perCall() - base.perCall())))
                        .orElse("");
            }
            text.append(String.format(Locale.ROOT, "| %s | %d (%d) | %.1f %% (%.1f %%) | %.2f %% (%.1f ms/s) | %s "
                            + "| %d / %d | %.1f / %.1f ms | %d MiB | %.0f %% / %.0f %% | %s → %s |%n",
                    row.agent() + (row.disturbed() ? " (disturbed)" : ""), row.calls(),
                    row.callsUp(), 100 * row.serverCores(), 100 * row.compilerCores(), 100 * row.perCall(),
                    1000 * row.perCall(), added,
                    row.turnsCompleted(), row.turnsStarted(), row.p50Millis(), row.p99Millis(), row.rssKb() / 1024,
                    100 * row.generatorCores(), 100 * row.otherCores(), row.loadBefore(), row.loadAfter()));
        }
        for (int calls : options.calls()) {
            List<Double> added = new ArrayList<>();
            List<Double> compiled = new ArrayList<>();
            for (Row row : rows) {
                rows.stream().filter(base -> row.agent().equals("cascaded") && base.agent().equals("deepgram")
                                && base.calls() == calls && row.calls() == calls && base.round() == row.round()
                                && !base.disturbed() && !row.disturbed())
                        .findFirst().ifPresent(base -> {
                            added.add(row.perCall() - base.perCall());
                            compiled.add(row.compiledPerCall() - base.compiledPerCall());
                        });
            }
            if (!added.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%nAdded by the cascaded agent at %d calls (undisturbed "
                                + "rounds): %s, mean %.2f %% of a core per call (%.1f ms of CPU per call-second); "
                                + "without the JIT compilers' threads %s, mean %.2f %%.%n", calls, percents(added),
                        100 * mean(added), 1000 * mean(added), percents(compiled), 100 * mean(compiled)));
            }
        }
        return text.toString();
    }

    private static String percents(List<Double> shares) {
        return shares.stream().map(a -> String.format(Locale.ROOT, "%+.2f %%", 100 * a))
                .collect(Collectors.joining(", "));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Moves this process (all its threads, and the threads they start) to the CPUs the server does not have. */
    private static void pinGenerator(String serverCpus) throws IOException, InterruptedException {
        List<String> server = List.of(serverCpus.split(","));
        String rest = IntStream.range(0, Runtime.getRuntime().availableProcessors()).mapToObj(String::valueOf)
                .filter(cpu -> !server.contains(cpu)).collect(Collectors.joining(","));
        if (rest.isEmpty()) {
            return;
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        Process taskset = new ProcessBuilder("taskset", "-a", "-cp", rest, self).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        taskset.waitFor(10, TimeUnit.SECONDS);
        System.out.println("generator on CPUs " + rest);
    }

    /** A copy of the built jar and its libs/: other builds may replace application/target while this runs. */
    private static Path stage(Path root, Path into) throws IOException {
        Path target = root.resolve("application/target");
        Path jar = target.resolve("pharmacy-voice-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with "
                    + "./mvnw -q -pl application -am install -DskipTests");
        }
        deleteTree(into);
        Files.createDirectories(into.resolve("libs"));
        Files.copy(jar, into.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> libs = Files.list(target.resolve("libs"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, into.resolve("libs").resolve(lib.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return into.resolve(jar.getFileName());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
