package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import io.helidon.webclient.websocket.WsClient;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;

/**
 * One WebSocket to a Deepgram speech service (recognition or synthesis) and its lifecycle: the upgrade, a writer
 * that never keeps the call's threads waiting ({@link Outgoing}), the {@link Heartbeat}, and one ending — closed by
 * the call, or lost once (Deepgram closed it, a read or write failed, the reader thread died without a word, or the
 * socket took none of our writes for the write timeout). The protocol on top is its {@link Peer}.
 *
 * <p>Reader callbacks arrive on the socket's own thread, in order; whole messages (fragments joined, size bounded by
 * {@link FrameAssembler}) go to the peer on that thread.
 */
final class SpeechSocket implements WsListener {

    private static final System.Logger LOG = System.getLogger(SpeechSocket.class.getName());

    /** How long Deepgram gets to answer our close before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** The protocol spoken over the socket. */
    interface Peer {
        /** A whole text message, on the reader thread. */
        void text(String message);

        /** A whole binary message, on the reader thread. */
        void binary(byte[] bytes);

        /** A message dropped before it could be read (too large); {@code problem} says why. */
        void rejected(String problem);

        /** The socket is gone without the call closing it; called at most once, never after close. */
        void lost(String reason);
    }

    /** Where the socket is in its life; it ends once, closed or lost. */
    private enum State {
        CONNECTING,
        OPEN,
        CLOSED,
        LOST
    }

    private final String callSid;
    private final String service;
    private final Peer peer;
    private final ScheduledExecutorService timer;
    private final long maxQueuedAudioBytes;
    private final FrameAssembler frames;
    private final Heartbeat heartbeat;
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile SerializedSocket socket;
    private volatile Outgoing outgoing;
    private volatile Thread readerThread;

    /**
     * {@code service} names the service in log lines and reasons ("speech recognition"); {@code keepAlive} is sent
     * when no audio went out for {@code keepAliveInterval}, or null for a service that needs none.
     */
    SpeechSocket(String callSid, String service, Peer peer, ScheduledExecutorService timer, String keepAlive,
                 Duration keepAliveInterval, Duration writeTimeout, long maxQueuedAudioBytes) {
        this.callSid = callSid;
        this.service = service;
        this.peer = peer;
        this.timer = timer;
        this.maxQueuedAudioBytes = maxQueuedAudioBytes;
        this.frames = new FrameAssembler(peer::rejected);
        this.heartbeat = new Heartbeat(new Heartbeat.Beating() {
            @Override
            public String callSid() {
                return callSid;
            }

            @Override
            public boolean isOpen() {
                return state.get() == State.OPEN;
            }

            @Override
            public boolean readerAlive() {
                return SpeechSocket.this.readerAlive();
            }

            @Override
            public SerializedSocket socket() {
                return socket;
            }

            @Override
            public void lost(String reason, boolean dropSocket) {
                lose(reason, dropSocket);
            }
        }, timer, keepAliveInterval, writeTimeout, keepAlive);
    }

    /**
     * Opens the WebSocket to {@code uri} and waits until it is open, at most {@code timeout}. The upgrade runs on a
     * thread of its own: it blocks, bounded only by the read timeout if the server never answers.
     *
     * @throws AgentUnavailableException when it can't be opened in time; the message holds no secret of the
     *                                   client's headers, but may hold the URL
     */
    void open(WsClient client, URI uri, Duration timeout) throws AgentUnavailableException {
        Thread.ofVirtual().name("[" + callSid + "] deepgram " + service + " connect").start(() -> {
            try {
                client.connect(uri, this);
            } catch (RuntimeException e) {
                opened.completeExceptionally(new AgentUnavailableException("cannot open a WebSocket for " + service
                        + " at " + withoutQuery(uri) + ": " + describe(e)));
            }
        });
        try {
            opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close(null);
            throw new AgentUnavailableException("no WebSocket for " + service + " within " + timeout.toMillis()
                    + " ms");
        } catch (ExecutionException e) {
            close(null);
            if (e.getCause() instanceof AgentUnavailableException unavailable) {
                throw unavailable;
            }
            throw new AgentUnavailableException("connecting for " + service + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(null);
            throw new AgentUnavailableException("interrupted while connecting for " + service, e);
        }
        if (!state.compareAndSet(State.CONNECTING, State.OPEN)) {
            throw new AgentUnavailableException("the " + service + " connection ended while opening");
        }
        heartbeat.start();
        if (state.get() != State.OPEN) {
            heartbeat.stop();
        }
    }

    /** Queues audio; false when the socket is not open or too much audio is already waiting. */
    boolean sendAudio(byte[] bytes) {
        Outgoing out = outgoing;
        return state.get() == State.OPEN && out != null && out.audio(bytes);
    }

    /** Queues a text message; false when the socket is not open. */
    boolean sendText(String text) {
        Outgoing out = outgoing;
        return state.get() == State.OPEN && out != null && out.text(text);
    }

    /**
     * Closes the socket: what still waits is dropped, {@code lastMessage} (the service's own goodbye, or null) and a
     * normal close go out, and a socket whose peer does not answer is dropped after a grace period. The peer hears
     * nothing of it. Calling it again does nothing.
     */
    void close(String lastMessage) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        heartbeat.stop();
        opened.completeExceptionally(new AgentUnavailableException("closed while connecting for " + service));
        if (previous == State.LOST) {
            return;
        }
        Outgoing out = outgoing;
        SerializedSocket open = socket;
        if (out == null || open == null) {
            return;
        }
        LOG.log(Level.DEBUG, "[{0}] closing the Deepgram {1} socket", callSid, service);
        scheduleAbort(open);
        out.finish(lastMessage, "call ended");
    }

    /** Ends a socket the call did not close; the peer hears it once. */
    void lose(String reason, boolean dropSocket) {
        State previous;
        do {
            previous = state.get();
            if (previous == State.CLOSED || previous == State.LOST) {
                return;
            }
        } while (!state.compareAndSet(previous, State.LOST));
        heartbeat.stop();
        opened.completeExceptionally(new AgentUnavailableException("the " + service + " connection ended: "
                + reason));
        Outgoing out = outgoing;
        if (out != null) {
            out.stop();
        }
        SerializedSocket lost = socket;
        if (dropSocket && lost != null) {
            // After a failed or stuck write the socket is broken; make sure its reader and writer do not linger.
            lost.abort();
        }
        if (previous == State.OPEN) {
            LOG.log(Level.WARNING, "[{0}] Deepgram {1} lost: {2}", callSid, service, reason);
            peer.lost(reason);
        }
    }

    // ---- the socket's side (its reader thread) ----

    @Override
    public void onOpen(WsSession session) {
        // Helidon runs every session's reader loop on a thread of its own; it ends when the session does.
        readerThread = Thread.currentThread();
        SerializedSocket open = new SerializedSocket(session);
        socket = open;
        Outgoing out = new Outgoing(open, maxQueuedAudioBytes, problem -> lose(problem, true));
        outgoing = out;
        out.start("[" + callSid + "] deepgram " + service + " writer");
        if (state.get() == State.CLOSED) {
            // open() gave up (timeout) or the call ended before the socket opened.
            scheduleAbort(open);
            out.finish(null, "call ended");
            return;
        }
        LOG.log(Level.DEBUG, "[{0}] WebSocket for Deepgram {1} open", callSid, service);
        opened.complete(null);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        frames.text(text, last).ifPresent(peer::text);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        frames.binary(buffer, last).ifPresent(peer::binary);
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        // Helidon 4.2 does not answer pings by itself.
        SerializedSocket open = socket;
        if (open == null) {
            return;
        }
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

    // ---- helpers ----

    private void scheduleAbort(SerializedSocket open) {
        // If Deepgram stopped reading, the close frame's write blocks until this drops the socket.
        try {
            timer.schedule(() -> abortIfStillReading(open), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(CLOSE_GRACE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                abortIfStillReading(open);
            });
        }
    }

    private void abortIfStillReading(SerializedSocket open) {
        if (readerAlive()) {
            LOG.log(Level.DEBUG, "[{0}] Deepgram {1} did not answer our close; dropping the socket", callSid,
                    service);
            open.abort();
        }
    }

    private boolean readerAlive() {
        Thread reader = readerThread;
        return reader != null && reader.isAlive();
    }

    /** The URL without its query, for messages (the query says nothing secret, but it is long). */
    static String withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    /** The exception's message, plus its root cause when that says more (connection refused, unknown host). */
    static String describe(Throwable e) {
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
}
