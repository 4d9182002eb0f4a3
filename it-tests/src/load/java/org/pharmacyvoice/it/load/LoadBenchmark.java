package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Load benchmark of the real server: for each number of concurrent calls, a run of {@link LoadRun}; then a
 * restart on an existing database for start-up, and a summary (Markdown, CSV and a latency-versus-calls chart) in
 * the output folder. Traffic goes to 127.0.0.1 only. Run through Maven: {@code ./mvnw -pl it-tests -Pload verify}.
 */
public final class LoadBenchmark {

    private static final int TRAINING_CALLS = 50;
    /** Other processes (builds, tests) or the hypervisor taking more than this share make a run worth repeating. */
    static final double DISTURBED_PERCENT = 10;
    static final int MAX_ATTEMPTS = 2;
    /** How long to wait for a quiet machine before measuring anyway ({@code load.quietWait}, seconds). */
    private static final long QUIET_WAIT_MILLIS = 1000L * Integer.getInteger("load.quietWait", 90);

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.fromSystemProperties();
        Files.createDirectories(options.out());
        Path jar = ServerProcess.stage(options.projectRoot(), options.out().resolve("server"));
        String machine = Machine.describe();
        LoadRun.log("machine: %s", machine);
        LoadRun.log("series %s, %d s steady state each, server JVM flags: %s", options.calls(),
                options.steadySeconds(), options.serverJvmArgs().isEmpty() ? "(defaults)" : options.serverJvmArgs());
        RunResult.Startup withoutCache = null;
        if (options.aot()) {
            // JDK 25's AOT cache (JEP 483/514/515): classes loaded and linked, and method profiles, from a training
            // run of real calls; every later start of the same jar with the same flags picks them up.
            Path cache = jar.resolveSibling("pharmacy-voice-agent.aot");
            Files.deleteIfExists(cache);
            LoadRun.log("=== training the AOT cache %s with %d calls ===", cache, TRAINING_CALLS);
            RunResult training = new LoadRun(options.training().withServerJvm("-XX:AOTCacheOutput=" + cache),
                    TRAINING_CALLS, jar, options.out().resolve("aot-training")).run();
            withoutCache = training.startup();
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the training run wrote no AOT cache; see "
                        + options.out().resolve("aot-training"));
            }
            options = options.withServerJvm("-XX:AOTCache=" + cache);
        }
        List<RunResult> results = new ArrayList<>();
        Path firstDatabase = null;
        for (int calls : options.calls()) {
            RunResult result = null;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                awaitQuietMachine();
                LoadRun.log("=== %d concurrent calls%s ===", calls, attempt > 1 ? ", attempt " + attempt : "");
                var run = new LoadRun(options, calls, jar, options.out().resolve("run-" + calls
                        + (attempt > 1 ? "-attempt-" + attempt : "")));
                RunResult measured = run.run();
                if (firstDatabase == null) {
                    firstDatabase = run.database();
                }
                if (result == null || measured.disturbancePercent() < result.disturbancePercent()) {
                    result = measured;
                }
                if (measured.disturbancePercent() <= DISTURBED_PERCENT) {
                    break;
                }
                LoadRun.log("other processes and the hypervisor took %.0f %% of the machine during the window: "
                        + "measuring again", measured.disturbancePercent());
            }
            results.add(result);
            Files.writeString(options.out().resolve("run-" + calls + ".md"), result.markdown());
            System.out.println(result.markdown());
            writeSummary(options, machine, results, null, withoutCache);
        }
        RunResult.Startup restart = null;
        if (firstDatabase != null) {
            LoadRun.log("=== restart on an existing database ===");
            restart = new LoadRun(options, 0, jar, options.out().resolve("restart")).startupOnly(firstDatabase);
            LoadRun.log("restart: call accepted %.0f ms after process start", restart.callAcceptedMs());
        }
        writeSummary(options, machine, results, restart, withoutCache);
        LatencyChart.write(results, options.out().resolve("latency-vs-calls.png"), machine);
        LoadRun.log("results in %s", options.out());
    }

    /**
     * Waits (up to a limit) until other processes leave the machine nearly idle: this machine is shared, and a build
     * running next to a run would be measured as the server's latency.
     */
    static void awaitQuietMachine() throws InterruptedException {
        long self = ProcessHandle.current().pid();
        long deadline = System.currentTimeMillis() + QUIET_WAIT_MILLIS;
        while (true) {
            var before = ProcStats.allProcessTicks();
            long selfBefore = ProcStats.process(self).cpuTicks();
            Thread.sleep(2000);
            long others = ProcStats.ticksBetween(before, ProcStats.allProcessTicks())
                    - (ProcStats.process(self).cpuTicks() - selfBefore);
            double percent = 100.0 * others
                    / (2 * ProcStats.TICKS_PER_SECOND * Machine.cpus());
            if (percent <= DISTURBED_PERCENT / 2 || System.currentTimeMillis() > deadline) {
                if (percent > DISTURBED_PERCENT / 2) {
                    LoadRun.log("the machine is still busy (%.0f %% taken by other processes); starting anyway",
                            percent);
                }
                return;
            }
            LoadRun.log("waiting for a quieter machine: other processes take %.0f %%", percent);
        }
    }

    private static void writeSummary(LoadOptions options, String machine, List<RunResult> results,
                                     RunResult.Startup restart, RunResult.Startup withoutCache) throws IOException {
        var md = new StringBuilder("# Load benchmark results\n\n");
        md.append("Machine: ").append(machine).append("  \n");
        md.append(String.format(Locale.ROOT, "Settings: %d s warm-up, %d s steady state, calls placed at %d/s, a tool "
                        + "call every %d s per call; the load generator runs on the same machine.%n%n",
                options.warmupSeconds(), options.steadySeconds(), options.rampPerSecond(), options.toolEverySeconds()));
        for (RunResult result : results) {
            md.append(result.markdown()).append('\n');
        }
        if (restart != null) {
            md.append(String.format(Locale.ROOT, "Restart on an existing database: webhook %.0f ms, stream open "
                            + "%.0f ms, call accepted %.0f ms, first audio %.0f ms after process start.%n%n",
                    restart.webhookMs(),
                    restart.streamOpenMs(), restart.callAcceptedMs(), restart.firstAudioMs()));
        }
        if (withoutCache != null) {
            md.append(String.format(Locale.ROOT, "Start without the AOT cache (its training run, new database): "
                            + "webhook %.0f ms, stream open %.0f ms, call accepted %.0f ms, first audio %.0f ms.%n%n",
                    withoutCache.webhookMs(), withoutCache.streamOpenMs(), withoutCache.callAcceptedMs(),
                    withoutCache.firstAudioMs()));
        }
        md.append("```\n").append(RunResult.csvHeader()).append('\n');
        results.forEach(r -> md.append(r.csvRow()).append('\n'));
        md.append("```\n");
        Files.writeString(options.out().resolve("summary.md"), md.toString());
    }
}
