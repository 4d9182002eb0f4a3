package org.pharmacyvoice.domain.service;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.model.AgentBriefing;
import org.pharmacyvoice.domain.model.CallContext;
import org.pharmacyvoice.domain.model.CallEndReason;
import org.pharmacyvoice.domain.port.in.CallSession;
import org.pharmacyvoice.domain.port.in.PhoneCalls;
import org.pharmacyvoice.domain.port.out.CallerLine;
import org.pharmacyvoice.domain.port.out.VoiceAgent;

/**
 * Answers calls: gives each one its own {@link CallBridge}, keeps track of the calls in progress, and ends them
 * all on shutdown. Agent connections and tool runs happen on its virtual-thread workers, never on a socket's
 * reader thread.
 */
public final class Switchboard implements PhoneCalls, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Switchboard.class.getName());

    private final VoiceAgent agent;
    private final Toolbox toolbox;
    private final CallScript script;
    private final Duration readyTimeout;
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-worker-", 0).factory());
    private final Map<String, CallBridge> active = new ConcurrentHashMap<>();

    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, Duration readyTimeout) {
        this.agent = Objects.requireNonNull(agent, "'agent' must not be null");
        this.toolbox = Objects.requireNonNull(toolbox, "'toolbox' must not be null");
        this.script = Objects.requireNonNull(script, "'script' must not be null");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "'readyTimeout' must not be null");
    }

    @Override
    public CallSession answer(CallContext call, CallerLine line) {
        var briefing = new AgentBriefing(script.prompt(), script.greeting(), toolbox.specs(), List.of());
        var bridge = new CallBridge(call, line, agent, briefing, toolbox, workers, readyTimeout,
                ended -> active.remove(ended.call().streamSid(), ended));
        if (active.putIfAbsent(call.streamSid(), bridge) != null) {
            LOG.log(Level.WARNING, "[{0}] stream {1} is already connected; refusing the second one",
                    call.callSid(), call.streamSid());
            line.hangUp(CallEndReason.PROTOCOL_ERROR);
            return new EndedCall();
        }
        bridge.start();
        return bridge;
    }

    /** Calls in progress right now. */
    public int activeCalls() {
        return active.size();
    }

    /** The tools every call can use. */
    public Toolbox toolbox() {
        return toolbox;
    }

    /** Ends every call in progress and stops the workers. */
    @Override
    public void close() {
        active.values().forEach(bridge -> bridge.end(CallEndReason.SERVER_SHUTDOWN));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stands in for a call that was refused: ignores everything. */
    private static final class EndedCall implements CallSession {
        @Override
        public void callerAudio(byte[] mulaw) {
        }

        @Override
        public void callerPressed(String digit) {
        }

        @Override
        public void markPlayed(String name) {
        }

        @Override
        public void ended(CallEndReason reason) {
        }
    }
}
