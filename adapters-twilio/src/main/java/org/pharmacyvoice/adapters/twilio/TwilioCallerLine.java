package org.pharmacyvoice.adapters.twilio;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import jakarta.json.Json;
import java.lang.System.Logger.Level;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;
import org.pharmacyvoice.domain.model.CallEndReason;
import org.pharmacyvoice.domain.port.out.CallerLine;

/**
 * The caller's side of the line over Twilio's Media Streams socket: agent audio goes out as {@code media}
 * messages, barge-in as {@code clear}, and hanging up closes the socket so Twilio runs the TwiML after
 * {@code </Connect>}.
 */
final class TwilioCallerLine implements CallerLine {

    private static final System.Logger LOG = System.getLogger(TwilioCallerLine.class.getName());

    private final WsSession socket;
    private final Runnable whenHungUp;
    private final String callSid;
    private final String quotedStreamSid;
    /** Every media message starts the same; building it once keeps the per-frame work to base64 and a copy. */
    private final String mediaPrefix;
    private final String clearMessage;
    // Helidon 4.2's WsSession.send is not thread-safe: agent audio, barge-in and hang-up come from different threads.
    private final ReentrantLock sendLock = new ReentrantLock();
    private boolean closed;

    /** {@code whenHungUp} runs once after we close the stream: Helidon may never report that close. */
    TwilioCallerLine(WsSession socket, String callSid, String streamSid, Runnable whenHungUp) {
        this.socket = socket;
        this.whenHungUp = whenHungUp;
        this.callSid = callSid;
        this.quotedStreamSid = Json.createValue(streamSid).toString();
        this.mediaPrefix = "{\"event\":\"media\",\"streamSid\":" + quotedStreamSid + ",\"media\":{\"payload\":\"";
        this.clearMessage = "{\"event\":\"clear\",\"streamSid\":" + quotedStreamSid + "}";
    }

    @Override
    public void play(byte[] mulaw) {
        send(mediaPrefix + Base64.getEncoder().encodeToString(mulaw) + "\"}}");
    }

    @Override
    public void clearPlayback() {
        send(clearMessage);
    }

    @Override
    public void mark(String name) {
        send("{\"event\":\"mark\",\"streamSid\":" + quotedStreamSid + ",\"mark\":{\"name\":"
                + Json.createValue(name) + "}}");
    }

    @Override
    public void hangUp(CallEndReason reason) {
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            socket.close(reason == CallEndReason.PROTOCOL_ERROR ? WsCloseCodes.VIOLATED_POLICY
                    : WsCloseCodes.NORMAL_CLOSE, reason.name());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "[{0}] closing the media stream: {1}", callSid, e.getMessage());
        } finally {
            sendLock.unlock();
        }
        whenHungUp.run();
    }

    private void send(String message) {
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            socket.send(message, true);
        } finally {
            sendLock.unlock();
        }
    }
}
