package org.pharmacyvoice.adapters.deepgram;

import io.helidon.webclient.websocket.WsClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.SpeechToText;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;

/**
 * Deepgram's streaming speech-to-text ({@code /v1/listen}) behind the domain's {@link SpeechToText} port: one
 * WebSocket per call, fed the phone's 8 kHz μ-law unchanged, answering with interim and final words and the caller's
 * turns.
 *
 * <p>One instance serves every call; {@link #close()} ends the streams still open and stops its timer.
 */
public final class DeepgramSpeechToText implements SpeechToText, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeepgramSpeechToText.class.getName());

    /** Caller audio waiting to be written, at most: ten seconds of 8 kHz μ-law. */
    static final long MAX_QUEUED_AUDIO_BYTES = 80_000;

    private final DeepgramSpeechSettings settings;
    private final ScheduledExecutorService timer;
    private final WsClient client;
    private final Set<ListenStream> open = ConcurrentHashMap.newKeySet();
    private final LongAdder rejectedMessages = new LongAdder();
    private volatile boolean closed;

    public DeepgramSpeechToText(DeepgramSpeechSettings settings) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.timer = SpeechClients.timer("deepgram-listen-keep-alive");
        this.client = SpeechClients.client(settings);
    }

    @Override
    public Transcription listen(String callSid, Consumer<Heard> listener) throws AgentUnavailableException {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(listener, "'listener' must not be null");
        if (closed) {
            throw new AgentUnavailableException("Deepgram speech recognition is shut down");
        }
        if (!settings.hasApiKey()) {
            throw new AgentUnavailableException("no Deepgram API key is configured");
        }
        var stream = new ListenStream(callSid, listener, problem -> rejectedMessages.increment(), open::remove);
        var socket = new SpeechSocket(callSid, "speech recognition", stream, timer, ClientMessages.KEEP_ALIVE,
                settings.keepAliveInterval(), settings.writeTimeout(), MAX_QUEUED_AUDIO_BYTES);
        stream.attach(socket);
        open.add(stream);
        LOG.log(Level.DEBUG, "[{0}] opening Deepgram speech recognition at {1}", callSid,
                SpeechSocket.withoutQuery(settings.listenUri()));
        try {
            socket.open(client, settings.listenUri(), settings.connectTimeout());
        } catch (AgentUnavailableException e) {
            open.remove(stream);
            throw new AgentUnavailableException(SpeechClients.redact(e.getMessage(), settings));
        }
        if (closed) {
            stream.close();
            throw new AgentUnavailableException("Deepgram speech recognition is shut down");
        }
        return stream;
    }

    /** Ends every stream still open and stops the keep-alive timer. */
    @Override
    public void close() {
        closed = true;
        for (ListenStream stream : List.copyOf(open)) {
            LOG.log(Level.INFO, "[{0}] closing Deepgram speech recognition: shutting down", stream.callSid());
            stream.close();
        }
        timer.shutdown();
    }

    /** Messages skipped as unreadable since start, over all calls: malformed, out of bounds, oversized. */
    public long rejectedMessages() {
        return rejectedMessages.sum();
    }

    /** Waits until the timer's thread has ended after {@link #close()}; for tests. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return timer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
