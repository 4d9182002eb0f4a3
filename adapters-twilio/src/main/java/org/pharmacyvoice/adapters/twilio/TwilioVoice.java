package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.util.Objects;
import org.pharmacyvoice.domain.port.in.PhoneCalls;

/**
 * The Twilio side of the product: the voice webhook that answers calls with TwiML and the Media Streams endpoint
 * that carries their audio. The composition root adds both to its single HTTP and WebSocket routing.
 */
public final class TwilioVoice {

    /** Path of the voice webhook to configure on the Twilio number. */
    public static final String INCOMING_CALL_PATH = "/incoming-call";

    private final TwilioSettings settings;
    private final PhoneCalls calls;
    private final MediaStreamStats stats = new MediaStreamStats();

    public TwilioVoice(TwilioSettings settings, PhoneCalls calls) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
    }

    /** Adds the voice webhook ({@code GET} and {@code POST}, as Twilio allows both). */
    public void addHttpRoutes(HttpRouting.Builder http) {
        var webhook = new IncomingCallWebhook(settings);
        http.route(Method.POST, INCOMING_CALL_PATH, webhook);
        http.route(Method.GET, INCOMING_CALL_PATH, webhook);
    }

    /** Adds the Media Streams endpoint; each connection gets its own listener. */
    public void addWebSocketEndpoints(WsRouting.Builder ws) {
        ws.endpoint(settings.mediaStreamPath(), () -> new MediaStreamListener(calls, settings, stats));
    }

    /** Media streams connected right now. */
    public int openStreams() {
        return stats.open();
    }

    /** Twilio messages skipped as unreadable or out of place since start. */
    public long rejectedMessages() {
        return stats.rejectedMessages();
    }
}
