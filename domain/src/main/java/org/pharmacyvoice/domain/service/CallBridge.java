package org.pharmacyvoice.domain.service;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.model.AgentBriefing;
import org.pharmacyvoice.domain.model.AgentEvent;
import org.pharmacyvoice.domain.model.CallContext;
import org.pharmacyvoice.domain.model.CallEndReason;
import org.pharmacyvoice.domain.model.ConversationLine;
import org.pharmacyvoice.domain.model.ToolCall;
import org.pharmacyvoice.domain.model.ToolResult;
import org.pharmacyvoice.domain.port.in.CallSession;
import org.pharmacyvoice.domain.port.out.AgentListener;
import org.pharmacyvoice.domain.port.out.AgentSession;
import org.pharmacyvoice.domain.port.out.AgentUnavailableException;
import org.pharmacyvoice.domain.port.out.CallerLine;
import org.pharmacyvoice.domain.port.out.VoiceAgent;

/**
 * Bridges one phone call to one voice-agent conversation: caller audio to the agent frame by frame (held back
 * only until the agent is ready), agent speech to the caller, barge-in, tool calls on worker threads, and one
 * clean ending whichever side ends first.
 */
public final class CallBridge implements CallSession, AgentListener {

    private static final System.Logger LOG = System.getLogger(CallBridge.class.getName());

    /** Caller audio held while the agent gets ready: 60 s of 8 kHz μ-law, far beyond the ready timeout. */
    static final int MAX_PENDING_AUDIO_BYTES = 60 * 8000;

    private final CallContext call;
    private final CallerLine line;
    private final VoiceAgent agent;
    private final AgentBriefing briefing;
    private final Toolbox toolbox;
    private final Executor workers;
    private final Duration readyTimeout;
    private final Consumer<CallBridge> whenEnded;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> pendingAudio = new ArrayDeque<>();
    private final CountDownLatch readyOrEnded = new CountDownLatch(1);
    private final Set<String> cancelledToolCalls = ConcurrentHashMap.newKeySet();
    private int pendingBytes;
    private boolean agentReady;
    private volatile AgentSession session;
    private volatile CallEndReason endReason;

    CallBridge(CallContext call, CallerLine line, VoiceAgent agent, AgentBriefing briefing, Toolbox toolbox,
               Executor workers, Duration readyTimeout, Consumer<CallBridge> whenEnded) {
        this.call = call;
        this.line = line;
        this.agent = agent;
        this.briefing = briefing;
        this.toolbox = toolbox;
        this.workers = workers;
        this.readyTimeout = readyTimeout;
        this.whenEnded = whenEnded;
    }

    /** The call this bridge carries. */
    public CallContext call() {
        return call;
    }

    /** Why the call ended, or null while it goes on. */
    public CallEndReason endReason() {
        return endReason;
    }

    /** Connects the agent in the background; the caller's audio is queued until it is ready. */
    void start() {
        LOG.log(Level.INFO, "[{0}] call started from {1}", call.callSid(), call.maskedCaller());
        workers.execute(this::connectAgent);
    }

    private void connectAgent() {
        AgentSession opened;
        try {
            opened = agent.connect(call, briefing, this);
        } catch (AgentUnavailableException | RuntimeException e) {
            LOG.log(Level.ERROR, "[{0}] voice agent unavailable: {1}", call.callSid(), e.getMessage());
            end(CallEndReason.AGENT_UNAVAILABLE);
            return;
        }
        lock.lock();
        try {
            if (endReason != null) {
                opened.close();
                return;
            }
            session = opened;
            flushPendingAudioIfReady();
        } finally {
            lock.unlock();
        }
        try {
            if (!readyOrEnded.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.ERROR, "[{0}] voice agent not ready after {1} ms", call.callSid(),
                        readyTimeout.toMillis());
                end(CallEndReason.AGENT_UNAVAILABLE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(CallEndReason.SERVER_SHUTDOWN);
        }
    }

    @Override
    public void callerAudio(byte[] mulaw) {
        lock.lock();
        try {
            if (endReason != null) {
                return;
            }
            if (agentReady && session != null) {
                sendToAgent(mulaw);
                return;
            }
            pendingAudio.addLast(mulaw);
            pendingBytes += mulaw.length;
            while (pendingBytes > MAX_PENDING_AUDIO_BYTES) {
                pendingBytes -= pendingAudio.removeFirst().length;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void callerPressed(String digit) {
        LOG.log(Level.INFO, "[{0}] caller pressed {1}", call.callSid(), digit);
    }

    @Override
    public void markPlayed(String name) {
        LOG.log(Level.DEBUG, "[{0}] mark {1} played", call.callSid(), name);
    }

    @Override
    public void ended(CallEndReason reason) {
        end(reason);
    }

    @Override
    public void onEvent(AgentEvent event) {
        if (endReason != null) {
            return;
        }
        switch (event) {
            case AgentEvent.Ready ready -> agentIsReady();
            case AgentEvent.Speech speech -> playToCaller(speech.audio());
            case AgentEvent.CallerStartedSpeaking barge -> {
                LOG.log(Level.DEBUG, "[{0}] caller started speaking: clearing playback", call.callSid());
                line.clearPlayback();
            }
            case AgentEvent.AgentStartedSpeaking started ->
                    LOG.log(Level.DEBUG, "[{0}] agent started speaking", call.callSid());
            case AgentEvent.AgentAudioDone done -> LOG.log(Level.DEBUG, "[{0}] agent audio done", call.callSid());
            case AgentEvent.Transcript transcript -> log(transcript.line());
            case AgentEvent.ToolCallsRequested requested -> requested.calls().forEach(this::runLater);
            case AgentEvent.ToolCallsCancelled cancelled -> {
                LOG.log(Level.INFO, "[{0}] agent cancelled tool calls {1}", call.callSid(), cancelled.callIds());
                cancelledToolCalls.addAll(cancelled.callIds());
            }
            case AgentEvent.Warning warning -> LOG.log(Level.WARNING, "[{0}] agent warning {1}: {2}",
                    call.callSid(), warning.code(), warning.description());
            case AgentEvent.Failed failed -> {
                LOG.log(Level.ERROR, "[{0}] agent error {1}: {2}", call.callSid(), failed.code(),
                        failed.description());
                end(CallEndReason.AGENT_ERROR);
            }
            case AgentEvent.Disconnected disconnected -> {
                LOG.log(Level.WARNING, "[{0}] agent disconnected: {1}", call.callSid(), disconnected.reason());
                end(CallEndReason.AGENT_DISCONNECTED);
            }
        }
    }

    private void agentIsReady() {
        lock.lock();
        try {
            agentReady = true;
            flushPendingAudioIfReady();
        } finally {
            lock.unlock();
        }
        readyOrEnded.countDown();
        LOG.log(Level.DEBUG, "[{0}] voice agent ready", call.callSid());
    }

    /** Sends queued caller audio in arrival order; must hold {@link #lock}. */
    private void flushPendingAudioIfReady() {
        if (!agentReady || session == null) {
            return;
        }
        while (!pendingAudio.isEmpty() && endReason == null) {
            sendToAgent(pendingAudio.removeFirst());
        }
        pendingAudio.clear();
        pendingBytes = 0;
    }

    private void sendToAgent(byte[] mulaw) {
        try {
            session.sendAudio(mulaw);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] sending audio to the agent failed: {1}", call.callSid(), e.getMessage());
            end(CallEndReason.AGENT_DISCONNECTED);
        }
    }

    private void playToCaller(byte[] audio) {
        try {
            line.play(audio);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] playing audio to the caller failed: {1}", call.callSid(), e.getMessage());
            end(CallEndReason.STREAM_CLOSED);
        }
    }

    private void log(ConversationLine spoken) {
        LOG.log(Level.INFO, "[{0}] {1}: {2}", call.callSid(),
                spoken.speaker().name().toLowerCase(java.util.Locale.ROOT), spoken.text());
    }

    private void runLater(ToolCall toolCall) {
        workers.execute(() -> runTool(toolCall));
    }

    private void runTool(ToolCall toolCall) {
        if (cancelledToolCalls.remove(toolCall.id())) {
            LOG.log(Level.INFO, "[{0}] tool call {1} cancelled before it ran", call.callSid(), toolCall.id());
            return;
        }
        long started = System.nanoTime();
        ToolResult result = toolbox.run(toolCall, call);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.log(Level.INFO, "[{0}] tool {1} ({2}) {3} in {4} ms", call.callSid(), toolCall.toolName(),
                toolCall.id(), result instanceof ToolResult.Success ? "succeeded" : "failed", millis);
        if (cancelledToolCalls.remove(toolCall.id())) {
            LOG.log(Level.INFO, "[{0}] tool call {1} was cancelled; its answer is dropped", call.callSid(),
                    toolCall.id());
            return;
        }
        AgentSession current = session;
        if (endReason != null || current == null) {
            return;
        }
        try {
            current.answer(toolCall, result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] answering tool call {1} failed: {2}", call.callSid(), toolCall.id(),
                    e.getMessage());
            end(CallEndReason.AGENT_DISCONNECTED);
        }
    }

    /** Ends the call once: closes the agent conversation and the caller's stream. Later calls do nothing. */
    void end(CallEndReason reason) {
        AgentSession toClose;
        lock.lock();
        try {
            if (endReason != null) {
                return;
            }
            endReason = reason;
            toClose = session;
            pendingAudio.clear();
            pendingBytes = 0;
        } finally {
            lock.unlock();
        }
        readyOrEnded.countDown();
        LOG.log(Level.INFO, "[{0}] call ended: {1}", call.callSid(), reason);
        if (toClose != null) {
            try {
                toClose.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[{0}] closing the agent session failed: {1}", call.callSid(), e.getMessage());
            }
        }
        try {
            line.hangUp(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] closing the caller's stream failed: {1}", call.callSid(), e.getMessage());
        }
        whenEnded.accept(this);
    }

    /** For tests: how many caller audio frames wait for the agent. */
    int pendingFrames() {
        lock.lock();
        try {
            return pendingAudio.size();
        } finally {
            lock.unlock();
        }
    }
}
