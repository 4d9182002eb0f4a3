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
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.TextToSpeech;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/**
 * Deepgram's streaming text-to-speech ({@code /v1/speak}) behind the domain's {@link TextToSpeech} port: one
 * WebSocket per call, answering text with raw 8 kHz μ-law (no container) that the phone plays unchanged.
 *
 * <p>One instance serves every call; {@link #close()} ends the voices still open and stops its timer.
 */
public final class DeepgramTextToSpeech implements TextToSpeech, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeepgramTextToSpeech.class.getName());

    private final DeepgramSpeechSettings settings;
    private final ScheduledExecutorService timer;
    private final WsClient client;
    private final Set<VoiceStream> open = ConcurrentHashMap.newKeySet();
    private final LongAdder rejectedMessages = new LongAdder();
    private volatile boolean closed;

    public DeepgramTextToSpeech(DeepgramSpeechSettings settings) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.timer = SpeechClients.timer("deepgram-speak-watch");
        this.client = SpeechClients.client(settings);
    }

    @Override
    public Voice voice(String callSid, Consumer<Spoken> listener) throws AgentUnavailableException {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(listener, "'listener' must not be null");
        if (closed) {
            throw new AgentUnavailableException("Deepgram speech synthesis is shut down");
        }
        if (!settings.hasApiKey()) {
            throw new AgentUnavailableException("no Deepgram API key is configured");
        }
        var voice = new VoiceStream(callSid, listener, timer, settings.answerTimeout(), new SpeakLimits(),
                problem -> rejectedMessages.increment(), open::remove);
        // Deepgram's speak socket takes no KeepAlive; it sends no audio our way, so none waits to be written.
        var socket = new SpeechSocket(callSid, "speech synthesis", voice, timer, null, settings.keepAliveInterval(),
                settings.writeTimeout(), 0);
        open.add(voice);
        LOG.log(Level.DEBUG, "[{0}] opening Deepgram speech synthesis at {1}", callSid,
                SpeechSocket.withoutQuery(settings.speakUri()));
        try {
            socket.open(client, settings.speakUri(), settings.connectTimeout());
        } catch (AgentUnavailableException e) {
            open.remove(voice);
            throw new AgentUnavailableException(SpeechClients.redact(e.getMessage(), settings));
        }
        voice.attach(socket);
        if (closed) {
            voice.close();
            throw new AgentUnavailableException("Deepgram speech synthesis is shut down");
        }
        return voice;
    }

    /** Ends every voice still open and stops the timer. */
    @Override
    public void close() {
        closed = true;
        for (VoiceStream voice : List.copyOf(open)) {
            LOG.log(Level.INFO, "[{0}] closing Deepgram speech synthesis: shutting down", voice.callSid());
            voice.close();
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
