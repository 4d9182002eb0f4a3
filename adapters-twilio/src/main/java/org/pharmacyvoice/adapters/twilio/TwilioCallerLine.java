package org.pharmacyvoice.adapters.twilio;

import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * The caller's side of the line over Twilio's Media Streams socket: agent audio goes out as {@code media}
 * messages, barge-in as {@code clear}, and hanging up closes the socket so Twilio runs the TwiML after
 * {@code </Connect>}.
 *
 * <p>Every write is timed, so that a peer that stopped reading (its TCP window closed) can be cut by
 * {@link StallWatch}: dropping the connection is the only way to free a thread blocked in Helidon 4.2's socket write,
 * and with it the call's lock, its slot and its agent connection.
 */
final class TwilioCallerLine implements CallerLine {

    private static final System.Logger LOG = System.getLogger(TwilioCallerLine.class.getName());
    private static final byte[] MEDIA_SUFFIX = {'"', '}', '}'};
    /** Base64 characters of one 20 ms frame (160 bytes): the media buffer's starting room. */
    private static final int FRAME_BASE64 = 216;

    private final WsSession socket;
    private final Runnable whenHungUp;
    private final String callSid;
    private final String quotedStreamSid;
    /** Every media message starts the same; it sits at the front of {@link #media} for good. */
    private final int mediaPrefixLength;
    private final String clearMessage;
    // Helidon 4.2's WsSession.send is not thread-safe: agent audio, barge-in and hang-up come from different threads.
    private final ReentrantLock sendLock = new ReentrantLock();
    // Both guarded by sendLock and reused for every frame, so a frame costs one String (Helidon only sends Strings
    // as text frames) instead of three arrays and two Strings.
    private byte[] media;
    private byte[] base64 = new byte[FRAME_BASE64];
    // Volatile: cut() runs on the stall watch's thread while a writer may hold sendLock, stuck in a write.
    private volatile boolean closed;
    private volatile boolean cut;
    /** When the write in progress started (System.nanoTime), or 0 when no write is in progress. */
    private volatile long writeStartedNanos;

    /** {@code whenHungUp} runs once after we close the stream: Helidon may never report that close. */
    TwilioCallerLine(WsSession socket, String callSid, String streamSid, Runnable whenHungUp) {
        this.socket = socket;
        this.whenHungUp = whenHungUp;
        this.callSid = callSid;
        this.quotedStreamSid = TwilioEventReader.JSON.createValue(streamSid).toString();
        // Escaped by JSON-P above, so it may hold non-ASCII characters: encoded as UTF-8 once, here.
        byte[] prefix = ("{\"event\":\"media\",\"streamSid\":" + quotedStreamSid + ",\"media\":{\"payload\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.mediaPrefixLength = prefix.length;
        this.media = Arrays.copyOf(prefix, prefix.length + FRAME_BASE64 + MEDIA_SUFFIX.length);
        this.clearMessage = "{\"event\":\"clear\",\"streamSid\":" + quotedStreamSid + "}";
    }

    @Override
    public void play(byte[] mulaw) {
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            write(mediaMessage(mulaw));
        } finally {
            sendLock.unlock();
        }
    }

    /** {@code {"event":"media","streamSid":…,"media":{"payload":"<base64>"}}}; must hold {@link #sendLock}. */
    private String mediaMessage(byte[] mulaw) {
        int encoded = 4 * ((mulaw.length + 2) / 3);
        if (base64.length < encoded) {
            base64 = new byte[encoded];
        }
        int length = mediaPrefixLength + encoded + MEDIA_SUFFIX.length;
        if (media.length < length) {
            media = Arrays.copyOf(media, length);
        }
        Base64.getEncoder().encode(mulaw, base64);
        System.arraycopy(base64, 0, media, mediaPrefixLength, encoded);
        System.arraycopy(MEDIA_SUFFIX, 0, media, mediaPrefixLength + encoded, MEDIA_SUFFIX.length);
        return new String(media, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void clearPlayback() {
        send(clearMessage);
    }

    @Override
    public void mark(String name) {
        send("{\"event\":\"mark\",\"streamSid\":" + quotedStreamSid + ",\"mark\":{\"name\":"
                + TwilioEventReader.JSON.createValue(name) + "}}");
    }

    @Override
    public void hangUp(CallEndReason reason) {
        // Waits at most for a write in progress to finish or be cut for stalling; the close frame is timed too.
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writeStartedNanos = System.nanoTime();
            socket.close(reason == CallEndReason.PROTOCOL_ERROR ? WsCloseCodes.VIOLATED_POLICY
                    : WsCloseCodes.NORMAL_CLOSE, reason.name());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "[{0}] closing the media stream: {1}", callSid, e.getMessage());
        } finally {
            writeStartedNanos = 0;
            sendLock.unlock();
        }
        whenHungUp.run();
    }

    /** How long the write in progress has been blocked, or 0 when none is. */
    long stalledForNanos(long now) {
        long started = writeStartedNanos;
        return started == 0 ? 0 : now - started;
    }

    /**
     * Drops the TCP connection at once, without a close handshake the peer would not read anyway; a writer blocked
     * in the socket then fails and returns. Never blocks. True the first time.
     */
    boolean cut() {
        if (cut) {
            return false;
        }
        cut = true;
        closed = true;
        if (socket.socketContext() instanceof ConnectionContext connection) {
            try {
                connection.serverSocket().close();
            } catch (RuntimeException alreadyGone) {
                // Nothing left to release.
            }
        }
        return true;
    }

    /** The call's SID, for the stall watch's log line. */
    String callSid() {
        return callSid;
    }

    private void send(String message) {
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            write(message);
        } finally {
            sendLock.unlock();
        }
    }

    /** Must hold {@link #sendLock}. A write that fails because the line was cut for stalling is not news. */
    private void write(String message) {
        writeStartedNanos = System.nanoTime();
        try {
            socket.send(message, true);
        } catch (RuntimeException e) {
            if (!cut) {
                throw e;
            }
        } finally {
            writeStartedNanos = 0;
        }
    }
}
