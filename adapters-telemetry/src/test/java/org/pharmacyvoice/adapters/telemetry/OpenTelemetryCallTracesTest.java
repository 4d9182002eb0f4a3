package org.pharmacyvoice.adapters.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.call.port.out.CallTraces.ToolOutcome;
import org.pharmacyvoice.domain.call.port.out.CallTraces.TurnOutcome;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

class OpenTelemetryCallTracesTest {

    private static final CallContext CALL = new CallContext("CA42", "MZ42", "+15551234567", "+15550000000");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetryCallTraces traces = OpenTelemetryCallTraces.exportingTo(exporter, "pharmacy-test");

    @AfterEach
    void close() {
        traces.close();
    }

    @Test
    void aCallIsOneTraceWithItsTurnsUnderItAndEachToolUnderItsTurn() {
        CallTraces.CallTrace call = traces.callStarted(CALL);
        call.turnStarted();
        call.turnEnded(TurnOutcome.ANSWERED);
        call.turnStarted();
        call.toolStarted("request_refill").ended(ToolOutcome.SUCCEEDED);
        call.toolStarted("unknown").ended(ToolOutcome.FAILED);
        call.turnEnded(TurnOutcome.INTERRUPTED);
        CallTraces.ToolRun late = call.toolStarted("find_drug");
        call.turnStarted();
        call.ended(CallEndReason.AGENT_ENDED_CALL);
        late.ended(ToolOutcome.SUCCEEDED);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans.stream().map(SpanData::getName).toList(), equalTo(List.of("agent turn", "tool run",
                "tool run", "agent turn", "agent turn", "call", "tool run")));
        SpanData callSpan = spans.get(5);
        SpanData refillTurn = spans.get(3);
        assertThat(callSpan.getKind(), equalTo(SpanKind.SERVER));
        assertThat(callSpan.getParentSpanContext().isValid(), is(false));
        assertThat(attributes(callSpan), equalTo(Map.of("twilio.call_sid", "CA42", "twilio.stream_sid", "MZ42",
                "call.end_reason", "agent_ended_call")));
        assertThat("one trace", spans.stream().map(SpanData::getTraceId).distinct().toList(),
                equalTo(List.of(callSpan.getTraceId())));
        assertThat(List.of(spans.get(0), refillTurn, spans.get(4), spans.get(6)).stream()
                .map(span -> span.getParentSpanId()).toList(), everyItem(equalTo(callSpan.getSpanId())));
        assertThat(spans.get(1).getParentSpanId(), equalTo(refillTurn.getSpanId()));
        assertThat(spans.get(2).getParentSpanId(), equalTo(refillTurn.getSpanId()));
        assertThat(attributes(refillTurn), equalTo(Map.of("twilio.call_sid", "CA42", "twilio.stream_sid", "MZ42",
                "outcome", "interrupted")));
        assertThat(attributes(spans.get(4)).get("outcome"), equalTo("call_ended"));
        assertThat(attributes(spans.get(1)), equalTo(Map.of("twilio.call_sid", "CA42", "twilio.stream_sid", "MZ42",
                "tool.name", "request_refill", "outcome", "succeeded")));
        assertThat(spans.get(1).getStatus().getStatusCode(), equalTo(StatusCode.UNSET));
        assertThat(attributes(spans.get(2)).get("outcome"), equalTo("failed"));
        assertThat(spans.get(2).getStatus().getStatusCode(), equalTo(StatusCode.ERROR));
        assertThat(callSpan.getResource().getAttribute(AttributeKey.stringKey("service.name")),
                equalTo("pharmacy-test"));
    }

    @Test
    void twoCallsAreTwoTraces() {
        traces.callStarted(CALL).ended(CallEndReason.CALLER_HUNG_UP);
        traces.callStarted(new CallContext("CA43", "MZ43", "", "")).ended(CallEndReason.CALLER_HUNG_UP);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans.stream().map(SpanData::getTraceId).distinct().count(), equalTo(2L));
    }

    @Test
    void anEndpointThatIsNoHttpUrlIsRefusedAtStart() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> OpenTelemetryCallTraces.exportingTo(URI.create("collector:4318"), "pharmacy"));

        assertThat(refused.getMessage(), containsString("http:// or https://"));
    }

    private static Map<String, Object> attributes(SpanData span) {
        var all = new TreeMap<String, Object>();
        span.getAttributes().forEach((key, value) -> all.put(key.getKey(), value));
        return all;
    }
}
