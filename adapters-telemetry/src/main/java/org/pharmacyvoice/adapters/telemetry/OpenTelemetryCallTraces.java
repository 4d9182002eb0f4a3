package org.pharmacyvoice.adapters.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * The call traces as OpenTelemetry spans: a {@code call} span per call, with an {@code agent turn} span per turn and a
 * {@code tool run} span per tool run under it (under the turn that was open when the tool began, else the call).
 * Every span carries the call SID and stream SID; the others only the tool's name, the ending or the outcome the
 * domain hands over. Closing flushes the spans not yet exported.
 */
public final class OpenTelemetryCallTraces implements CallTraces, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OpenTelemetryCallTraces.class.getName());

    static final AttributeKey<String> CALL_SID = AttributeKey.stringKey("twilio.call_sid");
    static final AttributeKey<String> STREAM_SID = AttributeKey.stringKey("twilio.stream_sid");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("tool.name");
    static final AttributeKey<String> END_REASON = AttributeKey.stringKey("call.end_reason");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    /** How long closing waits for the last spans to reach the collector. */
    private static final Duration FLUSH_PATIENCE = Duration.ofSeconds(5);

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private OpenTelemetryCallTraces(SpanProcessor processor, String serviceName) {
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .addSpanProcessor(processor)
                .build();
        this.tracer = provider.get("org.pharmacyvoice");
    }

    /**
     * Sends spans in batches over OTLP/HTTP (protobuf) to the collector at {@code endpoint}, the base URL of
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT}: traces go to its {@code v1/traces}.
     */
    public static OpenTelemetryCallTraces exportingTo(URI endpoint, String serviceName) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the OTLP endpoint must be an http:// or https:// URL, not " + endpoint);
        }
        String base = endpoint.toString();
        String traces = base + (base.endsWith("/") ? "" : "/") + "v1/traces";
        return new OpenTelemetryCallTraces(BatchSpanProcessor.builder(
                OtlpHttpSpanExporter.builder().setEndpoint(traces).build()).build(), serviceName);
    }

    /** Hands each span to {@code exporter} as soon as it ends: for tests. */
    public static OpenTelemetryCallTraces exportingTo(SpanExporter exporter, String serviceName) {
        return new OpenTelemetryCallTraces(SimpleSpanProcessor.create(exporter), serviceName);
    }

    @Override
    public CallTrace callStarted(CallContext call) {
        Span span = tracer.spanBuilder("call").setSpanKind(SpanKind.SERVER).setNoParent()
                .setAttribute(CALL_SID, call.callSid()).setAttribute(STREAM_SID, call.streamSid()).startSpan();
        return new TracedCall(call, span);
    }

    /** Ends the spans' export: what is still queued goes out first, for at most a few seconds. */
    @Override
    public void close() {
        CompletableResultCode done = provider.shutdown().join(FLUSH_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (!done.isSuccess()) {
            LOG.log(System.Logger.Level.WARNING, "the last call traces could not be sent to the collector within {0} s",
                    FLUSH_PATIENCE.toSeconds());
        }
    }

    /** One call's spans; the open turn is kept so that a tool run begun within it is its child. */
    private final class TracedCall implements CallTrace {
        private final CallContext call;
        private final Span span;
        private final Context context;
        private final AtomicReference<Span> turn = new AtomicReference<>();

        TracedCall(CallContext call, Span span) {
            this.call = call;
            this.span = span;
            this.context = Context.root().with(span);
        }

        @Override
        public void turnStarted() {
            Span started = child("agent turn", context).startSpan();
            Span before = turn.getAndSet(started);
            if (before != null) {
                // The bridge closes each turn before opening the next; should it not, none is left open.
                before.end();
            }
        }

        @Override
        public void turnEnded(TurnOutcome outcome) {
            Span ended = turn.getAndSet(null);
            if (ended != null) {
                ended.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
                ended.end();
            }
        }

        @Override
        public ToolRun toolStarted(String tool) {
            Span open = turn.get();
            Span run = child("tool run", open == null ? context : context.with(open))
                    .setAttribute(TOOL_NAME, tool).startSpan();
            return outcome -> {
                run.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
                if (outcome == ToolOutcome.FAILED) {
                    run.setStatus(StatusCode.ERROR);
                }
                run.end();
            };
        }

        @Override
        public void ended(CallEndReason reason) {
            turnEnded(TurnOutcome.CALL_ENDED);
            span.setAttribute(END_REASON, reason.name().toLowerCase(Locale.ROOT));
            span.end();
        }

        private SpanBuilder child(String name, Context parent) {
            return tracer.spanBuilder(name).setParent(parent)
                    .setAttribute(CALL_SID, call.callSid()).setAttribute(STREAM_SID, call.streamSid());
        }
    }
}
