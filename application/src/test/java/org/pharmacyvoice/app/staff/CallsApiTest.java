package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.call.CallReview;
import org.pharmacyvoice.domain.call.port.out.CallHistory;
import org.pharmacyvoice.domain.telephony.CallRecord;
import org.pharmacyvoice.domain.telephony.Speaker;

/** The call records as staff read them over HTTP, through the review use case and its page limits. */
class CallsApiTest {

    private static final Instant STARTED = Instant.parse("2025-03-14T09:30:00Z");
    private static final CallRecord CALL = new CallRecord("CA1", "MZ1", "+1******0001", "+15551230001", "+15550009999",
            Optional.of(STARTED), Optional.of(STARTED.plusSeconds(42)), Optional.of("CALLER_HUNG_UP"),
            Optional.of("completed"), OptionalInt.of(43),
            List.of(new CallRecord.Line(Speaker.CALLER, "Is my order ready?", STARTED.plusSeconds(3))),
            List.of(new CallRecord.ToolRun("fc_1", "lookup_order", "{\"order_id\":7}", "{\"status\":\"ready\"}", true,
                    12, STARTED.plusSeconds(5))));

    private final List<Integer> pagesAskedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HandlerServer server = HandlerServer.with(http -> new CallsApi(new CallReview(new CallHistory() {
        @Override
        public List<CallRecord> recent(int limit) {
            pagesAskedFor.add(limit);
            return List.of(CALL);
        }

        @Override
        public Optional<CallRecord> find(String callSid) {
            return callSid.equals("CA1") ? Optional.of(CALL) : Optional.empty();
        }

        @Override
        public int forgetBefore(Instant cutoff) {
            return 0;
        }
    })).addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneCallInFullWithItsTranscriptAndToolRuns() {
        HttpResponse<String> response = server.get("/api/calls/CA1");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("{\"call_sid\":\"CA1\",\"caller\":\"+1******0001\",\"stream_sid\":\"MZ1\","
                + "\"called_number\":\"+15550009999\",\"started_at\":\"2025-03-14T09:30:00Z\","
                + "\"ended_at\":\"2025-03-14T09:30:42Z\",\"end_reason\":\"CALLER_HUNG_UP\",\"network_status\":\"completed\","
                + "\"duration_seconds\":43,\"in_progress\":false,\"caller_number\":\"+15551230001\",\"transcript\":["
                + "{\"speaker\":\"caller\",\"text\":\"Is my order ready?\",\"at\":\"2025-03-14T09:30:03Z\"}],"
                + "\"tool_calls\":[{\"tool_call_id\":\"fc_1\",\"tool\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":7}\","
                + "\"result\":\"{\\\"status\\\":\\\"ready\\\"}\",\"succeeded\":true,\"duration_ms\":12,"
                + "\"at\":\"2025-03-14T09:30:05Z\"}]}"));
    }

    @Test
    void aPageIsFiftyCallsUnlessAskedForBetweenOneAndTwoHundred() {
        assertThat(server.get("/api/calls").statusCode(), is(200));
        assertThat(server.get("/api/calls?limit=200").statusCode(), is(200));
        assertThat(server.get("/api/calls?limit=201").statusCode(), is(400));
        assertThat(server.get("/api/calls?limit=zero").body(), is("{\"error\":\"invalid_parameter\",\"detail\":"
                + "\"'limit' must be a whole number from 1 to 200, not 'zero'.\"}"));
        assertThat(pagesAskedFor, is(List.of(50, 200)));
    }

    @Test
    void unknownOrRepeatedParametersOtherMethodsAndOtherPathsAreJsonErrorsAsOnTheOtherStaffApis() {
        assertThat(server.get("/api/calls?limt=5").body(), is("{\"error\":\"unknown_parameter\",\"detail\":"
                + "\"Unknown query parameter 'limt'; this endpoint takes limit.\"}"));
        assertThat(server.get("/api/calls?limit=5&limit=6").statusCode(), is(400));
        HttpResponse<String> post = server.send("POST", "/api/calls/CA1", "application/json", "{}");
        assertThat(post.statusCode(), is(405));
        assertThat(post.headers().firstValue("Allow"), is(Optional.of("GET")));
        assertThat(server.send("DELETE", "/api/calls", "application/json", "{}").statusCode(), is(405));
        assertThat(server.get("/api/calls/CA1/transcript").body(), is("{\"error\":\"not_found\",\"detail\":"
                + "\"Nothing at /api/calls/CA1/transcript; see /api/calls and /api/calls/{sid}.\"}"));
        assertThat(pagesAskedFor, is(List.of()));
    }

    @Test
    void anUnknownCallIsAJson404() {
        HttpResponse<String> response = server.get("/api/calls/CA404");

        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"detail\":\"No call CA404 in the records.\"}"));
    }
}
