package org.pharmacyvoice.app.softphone;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.pharmacyvoice.adapters.twilio.TwilioVoice;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.domain.telephony.Admission;

/**
 * {@code POST /softphone/session}: gives a browser what Twilio's webhook gives Twilio — a CallSid and the one-time
 * token its stream must present — so the softphone page can call without a phone number and without a Twilio
 * signature. The token is good once, for that CallSid, on the softphone's stream only, for the token lifetime.
 */
public final class SoftphoneApi {

    /** Path of the session request. */
    public static final String SESSION_PATH = "/softphone/session";
    private static final System.Logger LOG = System.getLogger(SoftphoneApi.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TwilioVoice twilio;
    private final Supplier<Admission> admission;

    public SoftphoneApi(TwilioVoice twilio, Supplier<Admission> admission) {
        this.twilio = twilio;
        this.admission = admission;
    }

    /** Adds the session route; other methods on it get a JSON 405. */
    public void addRoutes(HttpRouting.Builder http) {
        http.post(SESSION_PATH, this::session);
        http.any(SESSION_PATH, (request, response) -> {
            response.headers().set(HeaderNames.ALLOW, "POST");
            send(response, Status.METHOD_NOT_ALLOWED_405, error("method_not_allowed", "Use POST."));
        });
    }

    private void session(ServerRequest request, ServerResponse response) {
        switch (admission.get()) {
            case OPEN -> {
            }
            case UNAVAILABLE -> {
                send(response, Status.SERVICE_UNAVAILABLE_503, error("agent_not_configured",
                        "The voice agent is not configured: set DEEPGRAM_API_KEY and restart the server."));
                return;
            }
            case BUSY -> {
                send(response, Status.SERVICE_UNAVAILABLE_503, error("busy",
                        "All lines are busy (call limit reached or the server is shutting down); try again shortly."));
                return;
            }
            case AGENT_DOWN -> {
                send(response, Status.SERVICE_UNAVAILABLE_503, error("agent_down",
                        "The voice agent could not be reached for the last calls; try again shortly."));
                return;
            }
        }
        String callSid = "CA" + HexFormat.of().formatHex(randomBytes(16));
        String token = twilio.mintSoftphoneToken(callSid);
        LOG.log(Level.INFO, "[{0}] softphone session opened for {1}", callSid,
                request.remotePeer().address().toString().replaceAll("\\p{Cntrl}", "?"));
        send(response, Status.OK_200, JsonReplies.JSON.createObjectBuilder()
                .add("call_sid", callSid)
                .add("stream_token", token)
                .add("stream_path", TwilioVoice.SOFTPHONE_STREAM_PATH)
                .add("caller", TwilioVoice.SOFTPHONE_CALLER)
                .build());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static JsonObject error(String code, String detail) {
        return JsonReplies.error(code, detail);
    }

    /** Never cached, by a browser or a proxy: the answer holds a stream token. */
    private static void send(ServerResponse response, Status status, JsonObject body) {
        JsonReplies.send(response, status, body);
    }
}
