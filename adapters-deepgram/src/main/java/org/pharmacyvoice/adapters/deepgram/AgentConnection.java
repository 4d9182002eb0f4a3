package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * One call's conversation with Deepgram: the socket's listener on one side, the domain's {@link AgentSession} on
 * the other, and the lifecycle that ties them (handshake, keep-alive, one ending).
 *
 * <p>Reader callbacks arrive on the socket's thread in order and become {@link AgentEvent}s on that thread. The
 * conversation ends once: closed by us (no event), or lost (one {@link AgentEvent.Disconnected}) because Deepgram
 * closed it, it failed, a send failed, or the reader thread ended without telling anyone.
 *
 * <p>That last case is real: Helidon 4.2's client ends a session silently when a read fails (read timeout, reset,
 * end of stream, a close frame without payload), calling neither {@code onClose} nor {@code onError}. It runs each
 * session's reader loop on a thread of its own, so the connection's {@link Heartbeat} checks whether that thread is
 * still alive, cuts a connection whose socket has taken none of our writes for the write timeout, and keeps an idle
 * conversation alive.
 */
final class AgentConnection implements AgentSession, WsListener {

    private static final System.Logger LOG = System.getLogger(AgentConnection.class.getName());

    /** How long Deepgram gets to answer our close before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int MAX_LOGGED_CHARS = 300;
    private static final int MAX_ECHOED_CHARS = 40;
    /** Bad messages logged one by one on a connection before the log only summarises (as on a Twilio stream). */
    private static final int LOGGED_ONE_BY_ONE = 5;
    private static final int SUMMARY_EVERY = 50;

    private enum State {
        /** Before Settings went out: a failure makes connect() throw instead of raising Disconnected. */
        CONNECTING,
        OPEN,
        CLOSED,
        LOST
    }

    private final CallContext call;
    private final AgentListener listener;
    private final AgentMessageReader reader;
    private final FrameAssembler frames = new FrameAssembler(this::rejected);
    private final LongAdder rejectedMessages;
    /** Bad messages on this connection; only the reader thread counts them. */
    private int badMessages;
    private final ScheduledExecutorService timer;
    private final Heartbeat heartbeat;
    private final Consumer<AgentConnection> whenEnded;

    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final CompletableFuture<SerializedSocket> welcomed = new CompletableFuture<>();
    private volatile SerializedSocket socket;
    private volatile boolean welcomeSeen;
    private volatile Thread readerThread;

    AgentConnection(CallContext call, AgentListener listener, ScheduledExecutorService timer,
                    Duration keepAliveInterval, Duration writeTimeout, Consumer<AgentConnection> whenEnded) {
        this(call, listener, timer, keepAliveInterval, writeTimeout, whenEnded, new LongAdder());
    }

    /** {@code rejectedMessages} counts the messages this connection skipped or answered as unreadable. */
    AgentConnection(CallContext call, AgentListener listener, ScheduledExecutorService timer,
                    Duration keepAliveInterval, Duration writeTimeout, Consumer<AgentConnection> whenEnded,
                    LongAdder rejectedMessages) {
        this.rejectedMessages = rejectedMessages;
        this.call = call;
        this.listener = listener;
        this.reader = new AgentMessageReader(call.callSid());
        this.timer = timer;
        this.heartbeat = new Heartbeat(new Heartbeat.Beating() {
            @Override
            public String callSid() {
                return call.callSid();
            }

            @Override
            public boolean isOpen() {
                return state.get() == State.OPEN;
            }

            @Override
            public boolean readerAlive() {
                return AgentConnection.this.readerAlive();
            }

            @Override
            public SerializedSocket socket() {
                return socket;
            }

            @Override
            public void lost(String reason, boolean dropSocket) {
                lose(reason, dropSocket);
            }
        }, timer, keepAliveInterval, writeTimeout);
        this.whenEnded = whenEnded;
    }

    CallContext call() {
        return call;
    }

    // ---- handshake (the connecting thread) ----

    /**
     * Waits for {@code Welcome}, sends the one {@code Settings}, and starts the keep-alive. Anything sent before
     * {@code Welcome} would be a protocol error, so nothing is.
     */
    void handshake(String settings, Duration timeout) throws AgentUnavailableException {
        SerializedSocket opened = awaitWelcome(timeout);
        try {
            opened.sendText(settings);
        } catch (RuntimeException e) {
            throw new AgentUnavailableException("sending Settings to Deepgram failed: " + e.getMessage(), e);
        }
        if (!state.compareAndSet(State.CONNECTING, State.OPEN)) {
            throw new AgentUnavailableException("the Deepgram connection ended during the handshake");
        }
        heartbeat.start();
        if (state.get() != State.OPEN) {
            // Closed or lost while the heartbeat was being started; release() may have missed it.
            release();
        }
        LOG.log(Level.DEBUG, "[{0}] Settings sent to Deepgram", call.callSid());
    }

    private SerializedSocket awaitWelcome(Duration timeout) throws AgentUnavailableException {
        try {
            return welcomed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AgentUnavailableException((socket == null ? "no WebSocket connection to Deepgram"
                    : "no Welcome from Deepgram") + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgentUnavailableException unavailable) {
                throw unavailable;
            }
            throw new AgentUnavailableException("connecting to Deepgram failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("interrupted while connecting to Deepgram", e);
        }
    }

    /** The upgrade itself failed (refused, not 101, unreachable); {@code message} must not hold secrets. */
    void upgradeFailed(String message, Throwable cause) {
        welcomed.completeExceptionally(new AgentUnavailableException(message, cause));
    }

    // ---- the domain's side ----

    @Override
    public void sendAudio(byte[] mulaw) {
        SerializedSocket open = openSocket();
        try {
            open.sendAudio(mulaw);
        } catch (RuntimeException e) {
            throw sendFailed("sending audio", e);
        }
    }

    @Override
    public void sendCallerText(String text) {
        SerializedSocket open = openSocket();
        String message = ClientMessages.injectUserMessage(text).toString();
        try {
            open.sendText(message);
        } catch (RuntimeException e) {
            throw sendFailed("sending caller text", e);
        }
        // What the caller typed can be a date of birth: its length is all the log gets.
        LOG.log(Level.DEBUG, "[{0}] sent caller text of {1} characters", call.callSid(), text.length());
    }

    @Override
    public void sendAgentText(String text) {
        SerializedSocket open = openSocket();
        String message = ClientMessages.injectAgentMessage(text).toString();
        try {
            open.sendText(message);
        } catch (RuntimeException e) {
            throw sendFailed("having the agent speak", e);
        }
        LOG.log(Level.DEBUG, "[{0}] had the agent say {1} characters", call.callSid(), text.length());
    }

    @Override
    public void answer(ToolCall toolCall, ToolResult result) {
        SerializedSocket open = openSocket();
        String response = ClientMessages.functionCallResponse(toolCall, result).toString();
        try {
            open.sendText(response);
        } catch (RuntimeException e) {
            throw sendFailed("answering tool call " + toolCall.id(), e);
        }
        LOG.log(Level.DEBUG, "[{0}] answered tool call {1} ({2})", call.callSid(), toolCall.id(),
                toolCall.toolName());
    }

    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        welcomed.completeExceptionally(new AgentUnavailableException("the call ended while connecting to Deepgram"));
        release();
        if (previous == State.LOST) {
            return;
        }
        LOG.log(Level.DEBUG, "[{0}] closing the Deepgram connection", call.callSid());
        SerializedSocket open = socket;
        if (open != null) {
            closeSocket(open);
        }
    }

    private SerializedSocket openSocket() {
        State current = state.get();
        if (current != State.OPEN) {
            throw new IllegalStateException("the Deepgram connection is " + current.name().toLowerCase(Locale.ROOT));
        }
        return socket;
    }

    private IllegalStateException sendFailed(String what, RuntimeException e) {
        lose(what + " failed: " + e.getMessage(), true);
        return new IllegalStateException("the Deepgram connection failed while " + what, e);
    }

    // ---- the socket's side (its reader thread) ----

    @Override
    public void onOpen(WsSession session) {
        // Helidon runs every session's reader loop on a thread of its own; it ends when the session does.
        readerThread = Thread.currentThread();
        SerializedSocket opened = new SerializedSocket(session);
        socket = opened;
        LOG.log(Level.DEBUG, "[{0}] WebSocket to Deepgram open", call.callSid());
        if (state.get() == State.CLOSED) {
            // connect() gave up (timeout) or the call ended before the socket opened.
            closeSocket(opened);
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        frames.text(text, last).ifPresent(this::received);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        frames.binary(buffer, last).ifPresent(audio -> {
            if (welcomeSeen) {
                deliver(new AgentEvent.Speech(audio));
            } else {
                LOG.log(Level.DEBUG, "[{0}] ignoring {1} bytes of audio before Welcome", call.callSid(),
                        audio.length);
            }
        });
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        // Helidon 4.2 does not answer pings by itself.
        SerializedSocket open = socket;
        try {
            open.pong(buffer);
        } catch (RuntimeException e) {
            lose("answering a ping failed: " + e.getMessage(), true);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        lose("closed by Deepgram (" + status + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")",
                false);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        lose("WebSocket error: " + t, false);
    }

    private void received(String text) {
        switch (reader.read(text)) {
            case ServerMessage.Welcome welcome -> welcome(welcome);
            case ServerMessage.Event event -> {
                if (event.event() instanceof AgentEvent.ToolCallsRequested requested) {
                    countUnreadableArguments(requested);
                }
                if (welcomeSeen) {
                    deliver(event.event());
                } else if (event.event() instanceof AgentEvent.Failed failed) {
                    welcomed.completeExceptionally(new AgentUnavailableException(
                            "Deepgram refused the conversation: " + failed.code() + " " + failed.description()));
                } else {
                    LOG.log(Level.DEBUG, "[{0}] ignoring {1} before Welcome", call.callSid(), event.event());
                }
            }
            case ServerMessage.Informational info -> LOG.log(Level.DEBUG, "[{0}] Deepgram {1}: {2}",
                    call.callSid(), info.type(), abbreviate(info.detail()));
            case ServerMessage.Malformed malformed -> rejected("a message of " + text.length()
                    + " characters: " + malformed.problem());
            case ServerMessage.TroubledRequest troubled -> troubled(troubled, text.length());
        }
    }

    /**
     * Answers at once each call whose id must reach no tool and no record, and hands the others to the call, whose
     * toolbox answers them (with an error when the request could not be read, since their arguments are lost).
     */
    private void troubled(ServerMessage.TroubledRequest request, int length) {
        if (!request.problem().isEmpty()) {
            int calls = request.toRun().size() + request.refused().size();
            rejected("a FunctionCallRequest of " + length + " characters (" + (calls == 1 ? "its call"
                    : "each of its " + calls + " calls") + " answered with an error): " + request.problem());
        }
        for (ServerMessage.RefusedCall refused : request.refused()) {
            rejected("refused a call of " + clipped(refused.name()) + " that came with " + refused.problem()
                    + ": " + clipped(refused.id()));
            try {
                answer(new ToolCall(refused.id(), refused.name(), "", Optional.empty(), refused.problem()),
                        ToolCall.refusal(refused.problem()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[{0}] answering a refused tool call failed: {1}", call.callSid(),
                        e.getMessage());
            }
        }
        if (!request.toRun().isEmpty() && welcomeSeen) {
            deliver(new AgentEvent.ToolCallsRequested(request.toRun()));
        }
    }

    /** The start of what the agent sent, enough to recognise it in a log line. */
    private static String clipped(String text) {
        return text.length() <= MAX_ECHOED_CHARS ? text : text.substring(0, MAX_ECHOED_CHARS) + "...";
    }

    /**
     * Counts the calls whose arguments (a string, as the spec says) could not be read: bad input like a bad message,
     * though the call's toolbox answers them and logs the line.
     */
    private void countUnreadableArguments(AgentEvent.ToolCallsRequested requested) {
        for (ToolCall toolCall : requested.calls()) {
            if (toolCall.arguments().isEmpty() && !toolCall.rawArguments().isEmpty()) {
                rejectedMessages.increment();
            }
        }
    }

    /**
     * Counts a message that was skipped or answered as unreadable (and each call refused in it), and logs it on one
     * line: the first few one by one, then a summary every {@link #SUMMARY_EVERY}, so a broken peer can't flood the
     * log.
     */
    private void rejected(String problem) {
        rejectedMessages.increment();
        badMessages++;
        String line = AgentMessageReader.fitForALogLine(problem);
        if (badMessages <= LOGGED_ONE_BY_ONE) {
            LOG.log(Level.WARNING, "[{0}] skipped a bad Deepgram message: {1}", call.callSid(), line);
        } else if (badMessages % SUMMARY_EVERY == 0) {
            LOG.log(Level.WARNING, "[{0}] skipped {1} bad Deepgram messages so far on this connection; latest: {2}",
                    call.callSid(), badMessages, line);
        }
    }

    private void welcome(ServerMessage.Welcome welcome) {
        if (welcomeSeen) {
            LOG.log(Level.WARNING, "[{0}] ignoring a second Welcome from Deepgram", call.callSid());
            return;
        }
        welcomeSeen = true;
        LOG.log(Level.INFO, "[{0}] Deepgram conversation {1} opened", call.callSid(), welcome.requestId());
        welcomed.complete(socket);
    }

    private void deliver(AgentEvent event) {
        State current = state.get();
        if (current == State.CLOSED || current == State.LOST) {
            return;
        }
        notifyListener(event);
    }

    private void notifyListener(AgentEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // The socket's reader must survive a listener bug, or every later event would be lost with it.
            LOG.log(Level.WARNING, "[{0}] the call failed to handle {1}: {2}", call.callSid(),
                    event.getClass().getSimpleName(), e.toString());
        }
    }

    // ---- ending ----

    /**
     * Ends a conversation that was not closed by us. While connecting, connect() reports it; once open, the call
     * hears one {@link AgentEvent.Disconnected}.
     */
    private void lose(String reason, boolean dropSocket) {
        State previous;
        do {
            previous = state.get();
            if (previous == State.CLOSED || previous == State.LOST) {
                return;
            }
        } while (!state.compareAndSet(previous, State.LOST));
        welcomed.completeExceptionally(new AgentUnavailableException(
                "the Deepgram connection ended during the handshake: " + reason));
        release();
        SerializedSocket lost = socket;
        if (dropSocket && lost != null) {
            // After a failed write the socket is broken; make sure its reader does not linger.
            lost.abort();
        }
        if (previous == State.OPEN) {
            LOG.log(Level.WARNING, "[{0}] Deepgram connection lost: {1}", call.callSid(), reason);
            notifyListener(new AgentEvent.Disconnected(reason));
        }
    }

    private void release() {
        heartbeat.stop();
        whenEnded.accept(this);
    }

    private void closeSocket(SerializedSocket open) {
        // Scheduled first: if Deepgram stopped reading, the close frame's write blocks until this drops the socket.
        try {
            timer.schedule(() -> abortIfStillReading(open), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            Thread.ofVirtual().start(() -> {
                sleepQuietly(CLOSE_GRACE);
                abortIfStillReading(open);
            });
        }
        try {
            open.close("call ended");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "[{0}] closing the Deepgram socket failed: {1}", call.callSid(), e.toString());
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void abortIfStillReading(SerializedSocket open) {
        if (readerAlive()) {
            LOG.log(Level.DEBUG, "[{0}] Deepgram did not answer our close; dropping the socket", call.callSid());
            open.abort();
        }
    }

    private boolean readerAlive() {
        Thread reader = readerThread;
        return reader != null && reader.isAlive();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_LOGGED_CHARS ? text : text.substring(0, MAX_LOGGED_CHARS) + "...";
    }
}
