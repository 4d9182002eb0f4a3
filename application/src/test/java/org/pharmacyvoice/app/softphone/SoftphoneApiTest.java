package org.pharmacyvoice.app.softphone;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.twilio.TwilioSettings;
import org.pharmacyvoice.adapters.twilio.TwilioVoice;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;

/** The softphone's session: a one-time stream token when the switchboard admits a call, the reason when not. */
class SoftphoneApiTest {

    private final AtomicReference<Admission> admission = new AtomicReference<>(Admission.OPEN);
    private final TwilioVoice twilio = new TwilioVoice(TwilioSettings.defaults(Optional.of(
            URI.create("https://pharmacy.example.com"))), new PhoneCalls() {
        @Override
        public CallSession answer(CallContext call, CallerLine line) {
            throw new AssertionError("no stream in this test");
        }
    });
    private final HandlerServer server = HandlerServer.with(http -> new SoftphoneApi(twilio, admission::get)
            .addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
        twilio.close();
    }

    @Test
    void anAdmittedCallGetsItsSidAndOneTimeTokenNeverCached() {
        HttpResponse<String> response = server.send("POST", SoftphoneApi.SESSION_PATH, "application/json", "");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        JsonObject session = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(session.getString("call_sid"), matchesPattern("CA[0-9a-f]{32}"));
        assertThat(session.getString("stream_path"), is(TwilioVoice.SOFTPHONE_STREAM_PATH));
        assertThat(session.getString("caller"), is(TwilioVoice.SOFTPHONE_CALLER));
        assertThat(session.getString("stream_token").isEmpty(), is(false));
    }

    @Test
    void eachReasonNotToTakeACallIsA503SayingWhich() {
        for (var turnedAway : new Admission[] {Admission.UNAVAILABLE, Admission.BUSY, Admission.AGENT_DOWN}) {
            admission.set(turnedAway);

            HttpResponse<String> response = server.send("POST", SoftphoneApi.SESSION_PATH, "application/json", "");

            assertThat(response.statusCode(), is(503));
            assertThat(Json.createReader(new StringReader(response.body())).readObject().getString("error"),
                    is(switch (turnedAway) {
                        case UNAVAILABLE -> "agent_not_configured";
                        case BUSY -> "busy";
                        case AGENT_DOWN -> "agent_down";
                        case OPEN -> throw new AssertionError();
                    }));
        }
    }

    @Test
    void onlyPostOpensASession() {
        assertThat(server.get(SoftphoneApi.SESSION_PATH).statusCode(), is(405));
    }
}
