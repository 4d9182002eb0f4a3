package org.pharmacyvoice.app;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;

/**
 * The pharmacy's own calls as Helidon (Micrometer) counters at {@code /observe/metrics}: what the network did with
 * each request to place one, and how each attempt ended. Every counter exists from the start, at zero, so that a
 * dashboard or an alert on them works before the first call.
 */
final class HelidonOutboundMetrics implements OutboundMetrics {

    private final Counter placed;
    private final Counter refused;
    private final Counter deferred;
    private final Map<CallOutcome, Counter> ended = new EnumMap<>(CallOutcome.class);

    HelidonOutboundMetrics(MeterRegistry registry) {
        String requests = "Requests to the phone network to place a call the pharmacy owes a patient: placed, "
                + "refused for good (credentials, a number it won't call; the notification fails) or deferred (the "
                + "network could not be reached; tried again later)";
        placed = request(registry, requests, "placed");
        refused = request(registry, requests, "refused");
        deferred = request(registry, requests, "deferred");
        for (CallOutcome outcome : CallOutcome.values()) {
            ended.put(outcome, registry.getOrCreate(Counter.builder("pharmacy.outbound.attempts")
                    .description("Attempts at calling a patient, by how they ended: answered (by a person), "
                            + "voicemail, no_answer, busy or failed")
                    .tags(List.of(Tag.create("outcome", outcome.code())))));
        }
    }

    private static Counter request(MeterRegistry registry, String description, String result) {
        return registry.getOrCreate(Counter.builder("pharmacy.outbound.calls")
                .description(description)
                .tags(List.of(Tag.create("result", result))));
    }

    @Override
    public void callPlaced() {
        placed.increment();
    }

    @Override
    public void callRefused() {
        refused.increment();
    }

    @Override
    public void callDeferred() {
        deferred.increment();
    }

    @Override
    public void attemptEnded(CallOutcome outcome) {
        ended.get(outcome).increment();
    }
}
