package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.notification.CallOutcome;

/** Each outcome and each network answer counts on its own series; the registry is process-wide, so deltas only. */
class HelidonOutboundMetricsTest {

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final HelidonOutboundMetrics metrics = new HelidonOutboundMetrics(registry);

    private long count(String name, String tag, String value) {
        return registry.getOrCreate(Counter.builder(name).tags(List.of(Tag.create(tag, value)))).count();
    }

    @Test
    void everyOutcomeCountsOnItsOwnSeries() {
        long voicemail = count("pharmacy.outbound.attempts", "outcome", "voicemail");
        long answered = count("pharmacy.outbound.attempts", "outcome", "answered");
        long noAnswer = count("pharmacy.outbound.attempts", "outcome", "no_answer");

        metrics.attemptEnded(CallOutcome.VOICEMAIL);
        metrics.attemptEnded(CallOutcome.VOICEMAIL);
        metrics.attemptEnded(CallOutcome.NO_ANSWER);

        assertThat(count("pharmacy.outbound.attempts", "outcome", "voicemail") - voicemail, is(2L));
        assertThat(count("pharmacy.outbound.attempts", "outcome", "no_answer") - noAnswer, is(1L));
        assertThat(count("pharmacy.outbound.attempts", "outcome", "answered") - answered, is(0L));
    }

    @Test
    void placedRefusedAndDeferredAreCountedApart() {
        long placed = count("pharmacy.outbound.calls", "result", "placed");
        long refused = count("pharmacy.outbound.calls", "result", "refused");
        long deferred = count("pharmacy.outbound.calls", "result", "deferred");

        metrics.callPlaced();
        metrics.callRefused();
        metrics.callDeferred();
        metrics.callDeferred();

        assertThat(count("pharmacy.outbound.calls", "result", "placed") - placed, is(1L));
        assertThat(count("pharmacy.outbound.calls", "result", "refused") - refused, is(1L));
        assertThat(count("pharmacy.outbound.calls", "result", "deferred") - deferred, is(2L));
    }
}
