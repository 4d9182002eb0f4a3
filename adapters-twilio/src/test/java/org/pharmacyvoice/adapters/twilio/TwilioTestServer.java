package org.pharmacyvoice.adapters.twilio;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.frontdesk.port.in.AfterStreamUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;

/** The adapter's webhook and stream routes on a real Helidon server at a free loopback port, as in the application. */
final class TwilioTestServer implements AutoCloseable {

    private final TwilioVoice twilio;
    private final WebServer server;

    private TwilioTestServer(TwilioVoice twilio, WebServer server) {
        this.twilio = twilio;
        this.server = server;
    }

    static TwilioTestServer start(TwilioSettings settings, PhoneCalls calls) {
        return start(settings, calls, CheckingDesk.forThisMachine());
    }

    /** The same, with webhooks checked at {@code desk}. */
    static TwilioTestServer start(TwilioSettings settings, PhoneCalls calls, CheckingDesk desk) {
        return start(new TwilioVoice(settings, calls, desk));
    }

    /** The same, with {@code frontDesk} deciding what happens after each stream. */
    static TwilioTestServer start(TwilioSettings settings, PhoneCalls calls, AfterStreamUseCase frontDesk) {
        return start(new TwilioVoice(settings, CallNotice.NONE, calls, frontDesk));
    }

    /** The same, with {@code placedCalls} taking the webhooks of the calls the pharmacy places. */
    static TwilioTestServer start(TwilioSettings settings, PhoneCalls calls, PlacedCallUseCase placedCalls) {
        return start(new TwilioVoice(settings, CallNotice.NONE, calls, new TwilioVoice.FallbackOnly(), placedCalls));
    }

    /** The same, with a notice said before each call is connected. */
    static TwilioTestServer start(TwilioSettings settings, CallNotice notice, PhoneCalls calls) {
        return start(new TwilioVoice(settings, notice, calls));
    }

    private static TwilioTestServer start(TwilioVoice twilio) {
        var http = HttpRouting.builder();
        twilio.addHttpRoutes(http);
        var ws = WsRouting.builder();
        twilio.addWebSocketEndpoints(ws);
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .addRouting(http).addRouting(ws).build().start();
        return new TwilioTestServer(twilio, server);
    }

    TwilioVoice twilio() {
        return twilio;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
