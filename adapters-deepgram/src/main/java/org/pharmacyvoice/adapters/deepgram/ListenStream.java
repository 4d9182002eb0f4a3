package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;

/**
 * One caller's speech-recognition stream on Deepgram's {@code /v1/listen}: the phone's μ-law goes out unchanged, one
 * binary message per {@link #sendAudio} call; {@code Results}, {@code SpeechStarted} and {@code UtteranceEnd} come
 * back as {@link Heard} events.
 */
final class ListenStream implements Transcription, SpeechSocket.Peer {

    private static final System.Logger LOG = System.getLogger(ListenStream.class.getName());

    /** Deepgram's message that ends a stream after it has answered everything sent before it. */
    static final String CLOSE_STREAM = JSON.createObjectBuilder().add("type", "CloseStream").build().toString();
    /** Bad messages logged one by one on a stream before the log only summarises. */
    private static final int LOGGED_ONE_BY_ONE = 5;
    private static final int SUMMARY_EVERY = 50;

    private final String callSid;
    private final Delivery<Heard> delivery;
    private final Consumer<String> rejectedCounter;
    private final Consumer<ListenStream> whenEnded;
    private final AtomicLong droppedAudio = new AtomicLong();
    private volatile SpeechSocket socket;
    /** Bad messages on this stream; only the reader thread counts them. */
    private int badMessages;

    /**
     * {@code rejectedCounter} hears of every message skipped as unreadable, {@code whenEnded} of the stream's end
     * (closed or lost).
     */
    ListenStream(String callSid, Consumer<Heard> listener, Consumer<String> rejectedCounter,
                 Consumer<ListenStream> whenEnded) {
        this.callSid = callSid;
        this.delivery = new Delivery<>(callSid, listener);
        this.rejectedCounter = rejectedCounter;
        this.whenEnded = whenEnded;
    }

    String callSid() {
        return callSid;
    }

    void attach(SpeechSocket opened) {
        socket = opened;
    }

    @Override
    public void sendAudio(byte[] mulaw) {
        // Deepgram reads an empty binary message as the end of the audio, so none is ever sent.
        if (mulaw == null || mulaw.length == 0) {
            return;
        }
        SpeechSocket open = socket;
        // Copied: the caller may reuse its buffer once this returns, before the writer has sent it.
        if (open == null || !open.sendAudio(mulaw.clone())) {
            long dropped = droppedAudio.incrementAndGet();
            if (dropped == 1 || dropped % 500 == 0) {
                LOG.log(Level.DEBUG, "[{0}] dropped {1} caller audio frame(s): the recognition stream is not "
                        + "taking audio", callSid, dropped);
            }
        }
    }

    @Override
    public void close() {
        delivery.end();
        whenEnded.accept(this);
        SpeechSocket open = socket;
        if (open != null) {
            open.close(CLOSE_STREAM);
        }
    }

    // ---- the socket's side ----

    @Override
    public void text(String message) {
        switch (SpeechMessageReader.listen(message)) {
            case SpeechMessage.Recognised recognised -> delivery.deliver(recognised.heard());
            case SpeechMessage.Informational info ->
                    LOG.log(Level.DEBUG, "[{0}] ignoring a Deepgram recognition {1} message", callSid, info.type());
            case SpeechMessage.Wordless wordless -> {
                // Silence: Deepgram keeps reporting that it heard no words.
            }
            case SpeechMessage.Warning warning -> LOG.log(Level.WARNING, "[{0}] Deepgram recognition {1}: {2} {3}",
                    callSid, warning.type(), warning.code(), warning.description());
            case SpeechMessage.Malformed malformed ->
                    rejected("a message of " + message.length() + " characters: " + malformed.problem());
            case SpeechMessage.Flushed flushed -> rejected("a Flushed message, which recognition never sends");
            case SpeechMessage.Cleared cleared -> rejected("a Cleared message, which recognition never sends");
        }
    }

    @Override
    public void binary(byte[] bytes) {
        rejected("a binary message of " + bytes.length + " bytes, which recognition never sends");
    }

    @Override
    public void rejected(String problem) {
        rejectedCounter.accept(problem);
        badMessages++;
        String line = AgentMessageReader.fitForALogLine(problem);
        if (badMessages <= LOGGED_ONE_BY_ONE) {
            LOG.log(Level.WARNING, "[{0}] skipped a bad Deepgram recognition message: {1}", callSid, line);
        } else if (badMessages % SUMMARY_EVERY == 0) {
            LOG.log(Level.WARNING, "[{0}] skipped {1} bad Deepgram recognition messages so far; latest: {2}",
                    callSid, badMessages, line);
        }
    }

    @Override
    public void lost(String reason) {
        whenEnded.accept(this);
        delivery.deliverLast(new Heard.Lost(reason));
    }
}
