package org.pharmacyvoice.app;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Meters read from the running servers when Prometheus scrapes: calls and streams open now, problems so far. Helidon
 * 4.2's registry is process-wide (Micrometer's global registry underneath), so the meters sum over every server of
 * this process — one in production, several side by side in tests — and keep counting what stopped servers saw.
 */
final class ServerGauges {

    /** What one server reports. */
    record Sources(IntSupplier activeCalls, IntSupplier openStreams, LongSupplier rejectedTwilioMessages,
                   LongSupplier failedCallRecords, LongSupplier rejectedAgentMessages, IntSupplier agentCircuitOpen) {
    }

    private static final List<Sources> LIVE = new CopyOnWriteArrayList<>();
    private static final AtomicLong RETIRED_REJECTED = new AtomicLong();
    private static final AtomicLong RETIRED_FAILED = new AtomicLong();
    private static final AtomicLong RETIRED_REJECTED_AGENT = new AtomicLong();

    private ServerGauges() {
    }

    /** Adds one server's sources (registering the meters the first time); run the returned action when it stops. */
    static Runnable register(MeterRegistry registry, Sources sources) {
        LIVE.add(sources);
        registry.getOrCreate(Gauge.builder("pharmacy.calls.active", () -> sum(s -> s.activeCalls().getAsInt()))
                .description("Calls in progress right now"));
        registry.getOrCreate(Gauge.builder("pharmacy.media.streams.open", () -> sum(s -> s.openStreams().getAsInt()))
                .description("Media stream WebSockets connected right now (Twilio and softphone)"));
        registry.getOrCreate(Gauge.builder("pharmacy.agent.circuit.open",
                        () -> sum(s -> s.agentCircuitOpen().getAsInt()))
                .description("Servers sending new calls straight to the fallback because calls in a row got no "
                        + "voice agent (0: calls go to the agent)"));
        registry.getOrCreate(FunctionalCounter.builder("pharmacy.twilio.messages.rejected", RETIRED_REJECTED,
                        retired -> retired.get() + sum(s -> s.rejectedTwilioMessages().getAsLong()))
                .description("Media stream messages skipped as unreadable or out of place"));
        registry.getOrCreate(FunctionalCounter.builder("pharmacy.call.records.failed", RETIRED_FAILED,
                        retired -> retired.get() + sum(s -> s.failedCallRecords().getAsLong()))
                .description("Call record writes that failed or were dropped"));
        registry.getOrCreate(FunctionalCounter.builder("pharmacy.agent.messages.rejected", RETIRED_REJECTED_AGENT,
                        retired -> retired.get() + sum(s -> s.rejectedAgentMessages().getAsLong()))
                .description("Voice agent messages skipped or answered as unreadable"));
        return () -> {
            if (LIVE.remove(sources)) {
                RETIRED_REJECTED.addAndGet(sources.rejectedTwilioMessages().getAsLong());
                RETIRED_FAILED.addAndGet(sources.failedCallRecords().getAsLong());
                RETIRED_REJECTED_AGENT.addAndGet(sources.rejectedAgentMessages().getAsLong());
            }
        };
    }

    private static long sum(ToLongFunction<Sources> value) {
        return LIVE.stream().mapToLong(value).sum();
    }
}
