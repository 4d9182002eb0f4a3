package org.pharmacyvoice.it.load.cascade;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One agent under load: the server started with {@code VOICE_AGENT} set to it and pointed at its own fakes, and its
 * callers dialled; measured over a window, then hung up and stopped.
 */
final class AgentTrial implements AutoCloseable {

    private final String agent;
    private final int calls;
    private final CallLedger ledger;
    private final TurnClock clock;
    private final AgentFakes fakes;
    private final PharmacyServer server;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<PhoneCaller> callers = new ArrayList<>();
    private long serverTicksBefore;
    private long compilerTicksBefore;
    private int requestsBefore;
    private int skippedBefore;

    AgentTrial(CostOptions options, Path jar, Path runDir, String agent, int calls) throws Exception {
        this.agent = agent;
        this.calls = calls;
        var script = new Script(options.replyBytes(), options.chunkBytes());
        ledger = new CallLedger(calls, script.replyAudioBytes());
        clock = new TurnClock(options.turnEverySeconds() * 1000L, calls);
        fakes = new AgentFakes(ledger, script, clock);
        server = PharmacyServer.start(jar, runDir, options.pinned() ? options.serverCpus() : "",
                Map.of("VOICE_AGENT", agent,
                        "DEEPGRAM_AGENT_URL", fakes.url(AgentFakes.AGENT_PATH).toString(),
                        "DEEPGRAM_LISTEN_URL", fakes.url(AgentFakes.LISTEN_PATH).toString(),
                        "DEEPGRAM_SPEAK_URL", fakes.url(AgentFakes.SPEAK_PATH).toString(),
                        "LLM_BASE_URL", fakes.modelBaseUrl().toString(),
                        "LLM_API_KEY", "x",
                        "LLM_MODEL", "gpt-4o-mini",
                        "MAX_CONCURRENT_CALLS", String.valueOf(2 * calls),
                        // No "are you still there?" turns: only the scripted conversation.
                        "CALLER_IDLE_TIMEOUT", "0"));
    }

    /** Dials every call, 20 a second, and waits until the agent side hears each one's audio. */
    void dial() throws InterruptedException {
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
    }

    void startWindow() {
        requestsBefore = fakes.modelRequests();
        skippedBefore = callers.stream().mapToInt(PhoneCaller::framesSkipped).sum();
        serverTicksBefore = ProcessClock.cpuTicks(server.pid());
        compilerTicksBefore = ProcessClock.compilerTicks(server.pid());
        ledger.startMeasuring();
    }

    /** What the window cost: the server's CPU ticks (of which its JIT compilers'), and its end-of-window state. */
    record Window(long serverTicks, long compilerTicks, long rssKb, int callsUp, int modelRequests, int framesSkipped) {
    }

    Window endWindow() {
        ledger.stopMeasuring();
        long ticks = ProcessClock.cpuTicks(server.pid()) - serverTicksBefore;
        long compiler = ProcessClock.compilerTicks(server.pid()) - compilerTicksBefore;
        int skipped = callers.stream().mapToInt(PhoneCaller::framesSkipped).sum() - skippedBefore;
        int up = (int) callers.stream().filter(PhoneCaller::up).count();
        return new Window(ticks, compiler, ProcessClock.rssKb(server.pid()), up,
                fakes.modelRequests() - requestsBefore, skipped);
    }

    CallLedger ledger() {
        return ledger;
    }

    String agent() {
        return agent;
    }

    int calls() {
        return calls;
    }

    /** Hangs every call up, then stops the server (SIGTERM) and the fakes. */
    @Override
    public void close() throws Exception {
        callers.forEach(PhoneCaller::hangUp);
        Thread.sleep(1000);
        pacer.shutdownNow();
        client.shutdownNow();
        server.close();
        fakes.close();
        clock.close();
    }
}
