package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeOtlpCollector;
import org.pharmacyvoice.it.fakes.FakeOtlpCollector.ReceivedSpan;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * Traces through the real server: one call by a demo patient who verifies and asks about a drug reaches a fake OTLP
 * collector as a call span with its turns and tool runs, flushed at shutdown, carrying the call SID and no patient
 * data; and a server with no endpoint starts no exporter at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    @Order(1)
    void withoutAnEndpoint_aCallStartsNoTraceExporter() throws Exception {
        // First in this class: the exporting server of the next test leaves OkHttp's idle threads behind for a minute.
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of());
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567", "To", "+15550001111"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            var hours = FunctionCall.of("store_hours", "{}");
            agent.requestFunctions(hours);
            agent.awaitFunctionResponse(hours.id(), WAIT);

            assertThat(ThreadCensus.names().stream().filter(name -> name.contains("BatchSpanProcessor")
                    || name.startsWith("OkHttp")).toList(), empty());
        }
    }

    @Test
    @Order(2)
    void aCallWithAToolReachesTheCollectorAsOneTraceWithTheCallSidAndNoPatientData() throws Exception {
        try (var collector = FakeOtlpCollector.start()) {
            String callSid;
            var pharmacy = RunningPharmacy.start(dataDir, Map.of("otel.exporter.otlp.endpoint",
                    collector.endpoint().toString(), "otel.service.name", "pharmacy-traces-test"));
            try (var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
                // Carmen Diaz, a demo patient, on her own line (README, "Demo patients").
                caller.startCall(Map.of("From", "+12025550103", "To", "+15550001111"));
                callSid = caller.callSid();
                AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
                agent.settings();
                agent.sendConversationText("assistant", RunningPharmacy.GREETING);
                agent.sendAgentAudioDone();
                agent.sendUserStartedSpeaking();
                agent.sendConversationText("user", "This is Carmen Diaz, born February 14th 1990. Is my amoxicillin"
                        + " in stock?");
                var verify = FunctionCall.of("verify_caller",
                        "{\"full_name\":\"Carmen Diaz\",\"date_of_birth\":\"1990-02-14\"}");
                var drug = FunctionCall.of("get_drug_info", "{\"drug_name\":\"amoxicillin\"}");
                agent.requestFunctions(verify);
                agent.awaitFunctionResponse(verify.id(), WAIT);
                agent.requestFunctions(drug);
                agent.awaitFunctionResponse(drug.id(), WAIT);
                agent.sendConversationText("assistant", "Thank you Carmen, amoxicillin is in stock.");
                agent.sendAudio(new byte[800]);
                agent.sendAgentAudioDone();
                // The reply's closing mark: the server has seen the agent's audio done before the caller hangs up.
                caller.awaitAudio(800, WAIT);
                caller.awaitEvent("mark", WAIT);
                caller.sendStop();
                RunningPharmacy.awaitThat(() -> pharmacy.server.activeCalls() == 0, WAIT);
            } finally {
                // Spans go out in batches every few seconds; shutting down sends what is left.
                pharmacy.close();
            }

            List<ReceivedSpan> spans = collector.spans();
            assertThat(collector.requests(), everyItem(equalTo("POST /v1/traces application/x-protobuf")));
            assertThat(spans.stream().map(ReceivedSpan::name).sorted().toList(), equalTo(List.of(
                    "agent turn", "agent turn", "call", "tool run", "tool run")));
            ReceivedSpan call = spans.stream().filter(span -> span.name().equals("call")).findFirst().orElseThrow();
            assertThat(call.attributes(), equalTo(Map.of("twilio.call_sid", callSid,
                    "twilio.stream_sid", call.attributes().get("twilio.stream_sid"),
                    "call.end_reason", "caller_hung_up")));
            assertThat(call.attributes().get("twilio.stream_sid"), startsWith("MZ"));
            assertThat(callSid, startsWith("CA"));
            assertThat(call.parentSpanId(), equalTo(""));
            assertThat("one trace, under the call", spans.stream().map(ReceivedSpan::traceId).distinct().toList(),
                    equalTo(List.of(call.traceId())));
            assertThat(spans.stream().map(span -> span.attributes().get("twilio.call_sid")).toList(),
                    everyItem(equalTo(callSid)));
            assertThat(spans.stream().map(ReceivedSpan::serviceName).toList(),
                    everyItem(equalTo("pharmacy-traces-test")));
            List<ReceivedSpan> tools = spans.stream().filter(span -> span.name().equals("tool run")).toList();
            assertThat(tools.stream().map(span -> span.attributes().get("tool.name") + " "
                    + span.attributes().get("outcome")).sorted().toList(),
                    equalTo(List.of("get_drug_info succeeded", "verify_caller succeeded")));
            ReceivedSpan questionTurn = spans.stream().filter(span -> span.spanId().equals(
                    tools.getFirst().parentSpanId())).findFirst().orElseThrow();
            assertThat(questionTurn.name(), equalTo("agent turn"));
            assertThat(questionTurn.parentSpanId(), equalTo(call.spanId()));
            assertThat(spans.stream().filter(span -> span.name().equals("agent turn"))
                    .map(span -> span.attributes().get("outcome")).toList(), everyItem(equalTo("answered")));
            List<String> everyValue = spans.stream().flatMap(span -> Stream.concat(Stream.of(span.name()),
                    span.attributes().values().stream())).map(value -> value.toLowerCase(Locale.ROOT)).toList();
            for (String patientData : List.of("carmen", "diaz", "1990", "amoxicillin", "2025550103")) {
                assertThat(everyValue.stream().filter(value -> value.contains(patientData)).toList(), empty());
            }
            assertThat(everyValue, hasItem(callSid.toLowerCase(Locale.ROOT)));
        }
    }
}
