package org.pharmacyvoice.it.load.cascade;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What the cascaded agent costs the server per call, against the Deepgram Voice Agent: the same callers and the same
 * conversation (a turn every few seconds, the same reply audio) run once with {@code VOICE_AGENT=deepgram} against a
 * fake Voice Agent and once with {@code VOICE_AGENT=cascaded} against fakes of speech-to-text, the language model and
 * text-to-speech; the server's CPU over a steady window, divided by the calls, and the difference.
 *
 * <pre>./mvnw -pl it-tests -am -Pload verify -Dload.main=org.pharmacyvoice.it.load.cascade.CascadedAgentCost \
 *     -Dload.args="calls=20,50"</pre>
 */
public final class CascadedAgentCost {

    /** One agent's run at one number of calls. */
    record Row(String agent, int calls, int round, int callsUp, double serverCores, double generatorCores,
               double otherCores, int turnsStarted, int turnsCompleted, double p50Millis, double p99Millis,
               long rssKb, int modelRequests, String loadBefore, String loadAfter) {

        double perCall() {
            return serverCores / calls;
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
                for (String agent : options.agents()) {
                    Row row = run(options, jar, out, agent, calls, round);
                    rows.add(row);
                    System.out.println(describe(row));
                }
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

    private static Row run(CostOptions options, Path jar, Path out, String agent, int calls, int round)
            throws Exception {
        Path runDir = out.resolve("cascade-cost-" + agent + "-" + calls + "-" + round);
        deleteTree(runDir);
        Files.createDirectories(runDir);
        var script = new Script(options.replyBytes(), options.chunkBytes());
        var ledger = new CallLedger(calls, script.replyAudioBytes());
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        HttpClient client = HttpClient.newHttpClient();
        List<PhoneCaller> callers = new ArrayList<>();
        try (var clock = new TurnClock(options.turnEverySeconds() * 1000L, calls);
             var fakes = new AgentFakes(ledger, script, clock);
             var server = PharmacyServer.start(jar, runDir, options.pinned() ? options.serverCpus() : "",
                     Map.of("VOICE_AGENT", agent,
                             "DEEPGRAM_AGENT_URL", fakes.url(AgentFakes.AGENT_PATH).toString(),
                             "DEEPGRAM_LISTEN_URL", fakes.url(AgentFakes.LISTEN_PATH).toString(),
                             "DEEPGRAM_SPEAK_URL", fakes.url(AgentFakes.SPEAK_PATH).toString(),
                             "LLM_BASE_URL", fakes.modelBaseUrl().toString(),
                             "LLM_API_KEY", "x",
                             "LLM_MODEL", "gpt-4o-mini",
                             "MAX_CONCURRENT_CALLS", String.valueOf(2 * calls),
                             // No "are you still there?" turns: only the scripted conversation.
                             "CALLER_IDLE_TIMEOUT", "0"))) {
            for (int i = 0; i < calls; i++) {
                callers.add(PhoneCaller.dial(client, server.mediaStream(), i, ledger.line(i), pacer));
                Thread.sleep(50);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (fakes.boundCalls() < calls && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (fakes.boundCalls() < calls) {
                System.err.printf("%s, %d calls: only %d reached the agent%n", agent, calls, fakes.boundCalls());
            }
            Thread.sleep(options.warmupSeconds() * 1000L);

            String loadBefore = ProcessClock.loadAverage();
            long self = ProcessHandle.current().pid();
            int requestsBefore = fakes.modelRequests();
            long serverBefore = ProcessClock.cpuTicks(server.pid());
            long selfBefore = ProcessClock.cpuTicks(self);
            long allBefore = ProcessClock.allTicks();
            long started = System.nanoTime();
            ledger.startMeasuring();
            Thread.sleep(options.windowSeconds() * 1000L);
            ledger.stopMeasuring();
            long serverTicks = ProcessClock.cpuTicks(server.pid()) - serverBefore;
            long selfTicks = ProcessClock.cpuTicks(self) - selfBefore;
            long allTicks = ProcessClock.allTicks() - allBefore;
            double seconds = (System.nanoTime() - started) / 1e9;
            long rss = ProcessClock.rssKb(server.pid());
            int requests = fakes.modelRequests() - requestsBefore;
            String loadAfter = ProcessClock.loadAverage();
            int up = (int) callers.stream().filter(PhoneCaller::up).count();
            // Turns that ended in the window get the time to deliver their reply.
            Thread.sleep(3000);
            double perSecond = ProcessClock.TICKS_PER_SECOND * seconds;
            var row = new Row(agent, calls, round, up, serverTicks / perSecond, selfTicks / perSecond,
                    Math.max(0, allTicks - serverTicks - selfTicks) / perSecond, ledger.turnsStarted(),
                    ledger.turnsCompleted(), ledger.latencyMillis(0.5), ledger.latencyMillis(0.99), rss, requests,
                    loadBefore, loadAfter);
            callers.forEach(PhoneCaller::hangUp);
            Thread.sleep(1000);
            return row;
        } finally {
            pacer.shutdownNow();
            client.shutdownNow();
        }
    }

    private static String describe(Row row) {
        return String.format(Locale.ROOT, "%-8s %3d calls (round %d): %d up, server %.1f %% of a core = %.2f %% per "
                        + "call, turns %d/%d, latency p50 %.1f ms p99 %.1f ms, RSS %d MiB, generator %.0f %%, others "
                        + "%.0f %%, loadavg %s -> %s", row.agent(), row.calls(), row.round(), row.callsUp(),
                100 * row.serverCores(), 100 * row.perCall(), row.turnsCompleted(), row.turnsStarted(),
                row.p50Millis(), row.p99Millis(), row.rssKb() / 1024, 100 * row.generatorCores(),
                100 * row.otherCores(), row.loadBefore(), row.loadAfter());
    }

    private static String report(CostOptions options, List<Row> rows, int machineCpus) {
        var text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Cascaded agent's cost per call: warm-up %d s, window %d s, a turn "
                        + "every %d s per call, %.1f s of reply audio in %d-byte chunks, server CPUs %s, JDK %s, %d "
                        + "CPUs.%n%n", options.warmupSeconds(), options.windowSeconds(), options.turnEverySeconds(),
                options.replySeconds(), options.chunkBytes(), options.pinned() ? options.serverCpus() : "not pinned",
                System.getProperty("java.version"), machineCpus));
        text.append("| agent | calls (up) | server CPU, % of a core | CPU per call: % of a core (ms per call-second) "
                + "| added per call by the cascaded agent | turns completed / begun | reply latency p50 / p99 "
                + "| server RSS | generator / other processes CPU | loadavg before → after |\n");
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
            text.append(String.format(Locale.ROOT, "| %s | %d (%d) | %.1f %% | %.2f %% (%.1f ms/s) | %s | %d / %d "
                            + "| %.1f / %.1f ms | %d MiB | %.0f %% / %.0f %% | %s → %s |%n", row.agent(), row.calls(),
                    row.callsUp(), 100 * row.serverCores(), 100 * row.perCall(), 1000 * row.perCall(), added,
                    row.turnsCompleted(), row.turnsStarted(), row.p50Millis(), row.p99Millis(), row.rssKb() / 1024,
                    100 * row.generatorCores(), 100 * row.otherCores(), row.loadBefore(), row.loadAfter()));
        }
        return text.toString();
    }

    /** Moves this process (all its threads, and the threads they start) to the CPUs the server does not have. */
    private static void pinGenerator(String serverCpus) throws IOException, InterruptedException {
        List<String> server = List.of(serverCpus.split(","));
        String rest = IntStream.range(0, Runtime.getRuntime().availableProcessors()).mapToObj(String::valueOf)
                .filter(cpu -> !server.contains(cpu)).collect(Collectors.joining(","));
        if (rest.isEmpty()) {
            return;
        }
        Process taskset = new ProcessBuilder("taskset", "-a", "-cp", rest, String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
