package org.pharmacyvoice.adapters.deepgram;

import io.helidon.webclient.websocket.WsClient;
import io.helidon.webclient.websocket.WsClientConfig;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * The Deepgram Voice Agent behind the domain's {@link VoiceAgent} port: one WebSocket per call, carrying the
 * caller's μ-law audio one way and the agent's speech, transcript and tool calls the other.
 *
 * <p>One instance serves every call; {@link #close()} ends the calls still open and stops its timer.
 */
public final class DeepgramVoiceAgent implements VoiceAgent, AutoCloseable {

    /** How the metrics name this agent. */
    public static final String NAME = "deepgram";

    private static final System.Logger LOG = System.getLogger(DeepgramVoiceAgent.class.getName());

    /**
     * The socket read timeout stays in force for the whole call, and Helidon 4.2 ends the session silently when it
     * fires; the agent can legitimately say nothing for minutes (caller on hold), so it is generous.
     */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    /** The kernel's send buffer for each agent socket (Linux doubles it for its bookkeeping). */
    static final int SEND_BUFFER_BYTES = 32 * 1024;

    private final DeepgramSettings settings;
    private final ScheduledExecutorService timer;
    private final WsClient client;
    private final Set<AgentConnection> open = ConcurrentHashMap.newKeySet();
    private final LongAdder rejectedMessages = new LongAdder();
    private volatile boolean closed;

    public DeepgramVoiceAgent(DeepgramSettings settings) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deepgram-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        this.client = client(settings);
    }

    private static WsClient client(DeepgramSettings settings) {
        WsClientConfig.Builder builder = WsClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(READ_TIMEOUT)
                .socketOptions(socket -> socket
                        .connectTimeout(settings.connectTimeout())
                        .readTimeout(READ_TIMEOUT)
                        // 20 ms audio frames must not wait for Nagle's algorithm.
                        .tcpNoDelay(true)
                        // Fixed, not autotuned to megabytes: a Deepgram that stops reading blocks our writes (and
                        // is cut) after about 8 s of caller audio, not after minutes of it.
                        .socketSendBufferSize(SEND_BUFFER_BYTES));
        if (settings.hasApiKey()) {
            builder.addHeader("Authorization", "Token " + settings.apiKey());
        }
        return builder.build();
    }

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        Objects.requireNonNull(call, "'call' must not be null");
        Objects.requireNonNull(briefing, "'briefing' must not be null");
        Objects.requireNonNull(listener, "'listener' must not be null");
        if (closed) {
            throw new AgentUnavailableException("the Deepgram voice agent is shut down");
        }
        if (!settings.hasApiKey()) {
            throw new AgentUnavailableException("no Deepgram API key is configured");
        }
        String settingsMessage = SettingsMessage.build(settings, briefing).toString();
        var connection = new AgentConnection(call, listener, timer, settings.keepAliveInterval(),
                settings.writeTimeout(), open::remove, rejectedMessages);
        open.add(connection);
        if (closed) {
            connection.close();
            throw new AgentUnavailableException("the Deepgram voice agent is shut down");
        }
        LOG.log(Level.DEBUG, "[{0}] connecting to Deepgram at {1}", call.callSid(), settings.agentUrl());
        // The upgrade blocks, bounded only by the 10 min read timeout if the server never answers; running it
        // on its own thread keeps connect() within the connect timeout.
        Thread.ofVirtual().name("[" + call.callSid() + "] deepgram connect").start(() -> upgrade(connection));
        try {
            connection.handshake(settingsMessage, settings.connectTimeout());
        } catch (AgentUnavailableException e) {
            connection.close();
            throw new AgentUnavailableException(redact(e.getMessage()), e.getCause());
        }
        return connection;
    }

    private void upgrade(AgentConnection connection) {
        try {
            client.connect(settings.agentUrl(), connection);
        } catch (RuntimeException e) {
            connection.upgradeFailed("cannot open a WebSocket to Deepgram at " + settings.agentUrl() + ": "
                    + redact(describe(e)), null);
        }
    }

    /** Ends every conversation still open and stops the keep-alive timer. */
    @Override
    public void close() {
        closed = true;
        List<AgentConnection> remaining = List.copyOf(open);
        for (AgentConnection connection : remaining) {
            LOG.log(Level.INFO, "[{0}] closing the Deepgram connection: the voice agent is shutting down",
                    connection.call().callSid());
            connection.close();
        }
        // Periodic keep-alives stop now; the few delayed socket clean-ups still run, then the thread ends.
        timer.shutdown();
    }

    /**
     * Deepgram messages skipped or answered as unreadable since start, over all calls: malformed or out-of-bounds
     * JSON, oversized messages, function calls with an unusable id or unreadable arguments.
     */
    public long rejectedMessages() {
        return rejectedMessages.sum();
    }

    /** Waits until the timer's thread has ended after {@link #close()}; for tests. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return timer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exception's message, plus its root cause when that says more (connection refused, unknown host). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root == e || (root.getMessage() != null && message.contains(root.getMessage()))) {
            return message;
        }
        return message + " (" + root + ")";
    }

    /** Never let the key reach a log or an exception, whatever a library put into its message. */
    private String redact(String message) {
        if (message == null || !settings.hasApiKey()) {
            return message;
        }
        return message.replace(settings.apiKey(), "****");
    }
}
