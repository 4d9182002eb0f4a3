package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run at N concurrent calls: starts the server, measures start-up to the first call, places the calls, lets
 * them settle, measures a steady-state window, checks every frame and tool call, and stops everything again.
 */
final class LoadRun {

    /** After the pacer stops, frames still in flight get this long to arrive before the rest count as lost. */
    private static final long GRACE_MILLIS = 3000;

    private final LoadOptions options;
    private final int n;
    private final BridgeUnderTest bridge;
    private final Path dir;
    private final Measurements measurements = new Measurements();
    private final SimulatedCall[] calls;

    LoadRun(LoadOptions options, int n, Path jar, Path dir) {
        this(options, n, BridgeUnderTest.product(jar), dir);
    }

    LoadRun(LoadOptions options, int n, BridgeUnderTest bridge, Path dir) {
        this.options = options;
        this.n = n;
        this.bridge = bridge;
        this.dir = dir;
        // One more than the load: the last one is the start-up probe's call.
        this.calls = new SimulatedCall[n + 1];
        for (int i = 0; i <= n; i++) {
            calls[i] = new SimulatedCall(i);
        }
    }

    /** Only start-up to the first call, on a database that {@code database} already holds (a restart). */
    RunResult.Startup startupOnly(Path database) throws Exception {
        Files.createDirectories(dir);
        try (var twilioSide = new Reactor("twilio-side", tick -> { }, measurements.pacerLag);
             var agentSide = new Reactor("agent-side", tick -> { }, measurements.agentPacerLag);
             var agent = new FakeAgentServer(agentSide, measurements, calls, !bridge.peer());
             var server = ServerProcess.start(bridge, dir, agent.port(), 1000, serverJvmArgs(), database)) {
            RunResult.Startup startup = FirstCall.measure(server, agent, twilioSide, calls[n], measurements, dir);
            agent.ending();
            return startup;
        }
    }

    private List<String> serverJvmArgs() {
        var flags = new java.util.ArrayList<>(options.serverJvmArgs());
        flags.addAll(bridge.moreJvmArgs());
        return flags;
    }

    /** Where this run's server keeps its H2 database. */
    Path database() {
        return dir.resolve("db").resolve("pharmacy");
    }

    RunResult run() throws Exception {
        Files.createDirectories(dir);
        var pacer = new Pacer(Arrays.copyOf(calls, n), options.trafficModel(), options.toolEverySeconds(),
                measurements);
        try (var twilioSide = new Reactor("twilio-side", pacer::twilioTick, measurements.pacerLag);
             var agentSide = new Reactor("agent-side", pacer::agentTick, measurements.agentPacerLag);
             var agent = new FakeAgentServer(agentSide, measurements, calls, !bridge.peer());
             var server = ServerProcess.start(bridge, dir, agent.port(), Math.max(2 * n, 1000),
                     serverJvmArgs(), database())) {
            log("server pid %d on port %d, fake agent on port %d", server.pid(), server.port(), agent.port());
            RunResult.Startup startup = FirstCall.measure(server, agent, twilioSide, calls[n], measurements, dir);
            log("start-up: webhook %.0f ms, stream %.0f ms, call accepted %.0f ms, first audio %.0f ms",
                    startup.webhookMs(), startup.streamOpenMs(), startup.callAcceptedMs(), startup.firstAudioMs());
            Thread.sleep(1000);
            ProcStats.Process idle = ProcStats.process(server.pid());
            long liveIdle = server.liveHeapKb();

            SimulatedCall[] load = Arrays.copyOf(calls, n);
            long rampStart = System.nanoTime();
            int failedDials = placeCalls(load, twilioSide, server.port());
            double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
            int connected = n - failedDials;
            int bridged = awaitBridged(load, connected);
            log("%d calls placed in %.1f s, %d bridged; warming up %d s", connected, rampSeconds, bridged,
                    options.warmupSeconds());
            Thread.sleep(options.warmupSeconds() * 1000L);

            Window window = measureWindow(server);
            int alive = (int) Arrays.stream(load).filter(c -> c.twilio != null && !c.twilio.closed()
                    && c.agent != null && !c.agent.closed()).count();
            log("window done: caller→agent p99 %.2f ms, agent→caller p99 %.2f ms, server CPU %.0f %%",
                    window.histograms.callerToAgent().getValueAtPercentile(99) / 1000.0,
                    window.histograms.agentToCaller().getValueAtPercentile(99) / 1000.0, window.serverCores * 100);
            long liveSteady = server.liveHeapKb();

            pacer.stop();
            // A task on each side runs after that side's last send: from here on the sent counts are final and
            // visible to this thread, and through it to the other side's thread.
            twilioSide.call(() -> null);
            agentSide.call(() -> null);
            Thread.sleep(GRACE_MILLIS);
            RunResult.Frames callerFrames = agentSide.call(() -> frames(load, true));
            RunResult.Frames agentFrames = twilioSide.call(() -> frames(load, false));
            long unanswered = Arrays.stream(load).map(c -> c.agent).filter(a -> a != null)
                    .mapToLong(AgentPeer::toolCallsInFlight).sum();
            hangUp(load, agent);

            List<GcLog.Pause> pauses = GcLog.between(GcLog.pauses(server.gcLog()),
                    server.uptimeSeconds(window.startNanos), server.uptimeSeconds(window.endNanos));
            var m = measurements;
            return new RunResult(n, connected, bridged, alive, rampSeconds, window.seconds(), startup,
                    RunResult.Latency.of(window.histograms.callerToAgent()),
                    RunResult.Latency.of(window.histograms.agentToCaller()),
                    RunResult.Latency.of(window.histograms.toolLatency()),
                    RunResult.Latency.of(window.histograms.pacerLag()),
                    callerFrames, agentFrames,
                    new RunResult.ToolCounts(m.toolRequests.get(), m.toolAnswered.get(), m.toolFailed.get(),
                            unanswered),
                    new RunResult.Resources(window.serverCores, window.serverKernelCores, window.generatorCores,
                            window.generatorKernelCores, window.machineBusyPercent,
                            window.stealPercent, idle.rssKb(), window.end.rssKb(), window.end.peakRssKb(), liveIdle,
                            liveSteady, idle.threads(), window.end.threads(), window.serverContextSwitches),
                    gc(pauses),
                    new RunResult.Problems(m.droppedCalls.get(), m.droppedConversations.get(), m.crossTalk.get(),
                            m.badFrames.get(),
                            m.unexpectedMessages.get(), failedDials, m.marksEchoed.get(), m.clears.get(),
                            m.keepAlives.get()),
                    server.jvmArgs());
        }
    }

    /** Dials every call at the configured rate; returns how many could not be placed. */
    private int placeCalls(SimulatedCall[] load, Reactor twilioSide, int port) throws InterruptedException {
        long start = System.nanoTime();
        double interval = 1e9 / options.rampPerSecond();
        int failed = 0;
        for (SimulatedCall call : load) {
            long due = start + (long) (call.index * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            try {
                call.twilio = TwilioPeer.dial(call, measurements, twilioSide, port);
            } catch (IOException e) {
                failed++;
                if (failed <= 5) {
                    log("call %d could not be placed: %s", call.index, e);
                }
            }
        }
        return failed;
    }

    private int awaitBridged(SimulatedCall[] load, int connected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int bridged;
        while ((bridged = (int) Arrays.stream(load).filter(c -> c.agent != null).count()) < connected
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return bridged;
    }

    /** The steady-state window: latency histograms, CPU of server, generator and machine, memory and threads. */
    private Window measureWindow(ServerProcess server) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        ProcStats.Process server0 = ProcStats.process(server.pid());
        long switches0 = ProcStats.contextSwitches(server.pid());
        ProcStats.Process self0 = ProcStats.process(self);
        var machine0 = ProcStats.allProcessTicks();
        long steal0 = ProcStats.stealTicks();
        long start = System.nanoTime();
        measurements.startWindow();
        if (options.jfr()) {
            log("%s", server.jcmd("JFR.start", "name=load", "settings=profile",
                    "filename=" + dir.resolve("server.jfr")).trim());
        }
        Thread.sleep(options.steadySeconds() * 1000L);
        Measurements.Window histograms = measurements.endWindow();
        long end = System.nanoTime();
        ProcStats.Process server1 = ProcStats.process(server.pid());
        long switches1 = ProcStats.contextSwitches(server.pid());
        ProcStats.Process self1 = ProcStats.process(self);
        var machine1 = ProcStats.allProcessTicks();
        long steal1 = ProcStats.stealTicks();
        if (options.jfr()) {
            log("%s", server.jcmd("JFR.stop", "name=load").trim());
        }
        double seconds = (end - start) / 1e9;
        double machineTicks = seconds * ProcStats.TICKS_PER_SECOND * Machine.cpus();
        return new Window(start, end, histograms, server1,
                (server1.cpuTicks() - server0.cpuTicks()) / ProcStats.TICKS_PER_SECOND / seconds,
                (server1.systemTicks() - server0.systemTicks()) / ProcStats.TICKS_PER_SECOND / seconds,
                (self1.cpuTicks() - self0.cpuTicks()) / ProcStats.TICKS_PER_SECOND / seconds,
                (self1.systemTicks() - self0.systemTicks()) / ProcStats.TICKS_PER_SECOND / seconds,
                100.0 * ProcStats.ticksBetween(machine0, machine1) / machineTicks,
                100.0 * (steal1 - steal0) / machineTicks, switches1 - switches0);
    }

    private record Window(long startNanos, long endNanos, Measurements.Window histograms, ProcStats.Process end,
                          double serverCores, double serverKernelCores, double generatorCores,
                          double generatorKernelCores, double machineBusyPercent, double stealPercent,
                          long serverContextSwitches) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** Sent versus received for every call in one direction; runs on that direction's receiving reactor. */
    private static RunResult.Frames frames(SimulatedCall[] load, boolean callerToAgent) {
        long sent = 0;
        long received = 0;
        long lost = 0;
        long reordered = 0;
        for (SimulatedCall call : load) {
            long s = callerToAgent ? call.callerSent : call.agentSent;
            FrameOrder order = callerToAgent ? call.callerToAgent : call.agentToCaller;
            sent += s;
            received += order.received();
            lost += Math.max(0, s - order.received());
            reordered += order.reordered();
        }
        return new RunResult.Frames(sent, received, lost, reordered);
    }

    private void hangUp(SimulatedCall[] load, FakeAgentServer agent) throws InterruptedException {
        agent.ending();
        for (SimulatedCall call : load) {
            TwilioPeer caller = call.twilio;
            if (caller != null && !caller.closed()) {
                caller.hangUp();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (agent.openConversations() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        log("hung up; %d agent conversations still open", agent.openConversations());
    }

    private static RunResult.Gc gc(List<GcLog.Pause> pauses) {
        double total = pauses.stream().mapToDouble(GcLog.Pause::millis).sum();
        double max = pauses.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0);
        double after = pauses.stream().filter(GcLog.Pause::young).mapToLong(GcLog.Pause::afterMb).average().orElse(0);
        long committed = pauses.isEmpty() ? 0 : pauses.getLast().heapMb();
        return new RunResult.Gc(pauses.size(), total, max, after, committed);
    }

    static void log(String format, Object... args) {
        System.out.printf("[load %tT] %s%n", System.currentTimeMillis(),
                String.format(java.util.Locale.ROOT, format, args));
    }
}
