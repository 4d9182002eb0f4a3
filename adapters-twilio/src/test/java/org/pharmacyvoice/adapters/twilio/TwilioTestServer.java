package org.pharmacyvoice.adapters.twilio;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    /**
     * POSTs {@code form} to {@code pathAndQuery} as Twilio does, signed by {@code signer} over {@code publicUrl} and
     * the path, the way the server reconstructs the URL behind PUBLIC_URL.
     */
    HttpResponse<String> signedPost(TwilioSignature signer, String publicUrl, String pathAndQuery,
                                    Map<String, String> form) throws Exception {
        var parameters = new LinkedHashMap<String, List<String>>();
        form.forEach((name, value) -> parameters.put(name, List.of(value)));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post(pathAndQuery, body, signer.sign(publicUrl + pathAndQuery, parameters));
    }

    /** POSTs the form body {@code form} with {@code signature} as its X-Twilio-Signature (none when null). */
    HttpResponse<String> post(String pathAndQuery, String form, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
