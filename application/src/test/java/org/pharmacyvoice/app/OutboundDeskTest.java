package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.outbound.Errands;
import org.pharmacyvoice.domain.outbound.port.out.CallAttempt;
import org.pharmacyvoice.domain.outbound.port.out.CallCheck;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * What the server gets with calls off (no trigger, no errand, every call one that came in) and on (the domain's use
 * cases on the database), and that dialling starts once and stops for good.
 */
class OutboundDeskTest {

    @TempDir
    Path dataDir;
    private PharmacyDatabase database;

    @BeforeEach
    void open() {
        database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + dataDir.resolve("pharmacy"), "sa", "",
                2));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static OutboundCalling settings(Map<String, String> values) {
        return TestSettings.of(values).outbound();
    }

    /** A network that must not be reached: nothing is due in an empty database. */
    private static final class Unreachable implements PhoneNetwork {
        @Override
        public CallAttempt placeCall(CallRequest request) {
            throw new AssertionError("nothing is due, so nothing may be dialled");
        }

        @Override
        public CallCheck recentCallTo(String to, Instant since) {
            throw new AssertionError("not asked");
        }

        @Override
        public boolean endWithWords(String callSid, String words) {
            throw new AssertionError("not asked");
        }
    }

    @Test
    void offThereIsNoTriggerNoErrandAndNoDialling() {
        try (var desk = OutboundDesk.open(database, settings(Map.of()), OutboundMetrics.none(), Clock.systemUTC(),
                Optional.empty())) {
            assertThat(desk.enabled(), is(false));
            assertThat(desk.pickupCalls(), is(Optional.empty()));
            assertThat(desk.placedCalls(), is(Optional.empty()));
            assertThat(desk.purposes().errandOf("CA1"), is(Optional.empty()));
            assertThat(desk.purposes().pressedForNoMoreCalls("CA1"), is(false));
            assertThat(desk.errands().message("CA1", new CallerIdentity("CA1")),
                    instanceOf(ErrandMessage.NoErrand.class));
            assertThat(desk.errands().noMoreCalls("CA1"), instanceOf(NoMoreCalls.NotAPlacedCall.class));
            assertThat("staff still see the queue", desk.queue().notifications(Optional.empty(), 10).size(), is(0));
            assertThat("and keep the opt-out list", desk.optOuts().optOut("+15551234567", "staff").phoneNumber(),
                    is("+15551234567"));
            desk.startDialling("server-a");
            assertThat(desk.dialling(), is(false));
        }
    }

    @Test
    void onTheDomainsUseCasesAreWiredAndDiallingStopsForGood() {
        var values = new HashMap<String, String>();
        values.put("outbound.calls", "true");
        values.put("public.url", "https://pharmacy.example.com");
        values.put("pharmacy.name", "Maple Pharmacy");
        values.put("outbound.from.number", "+15559870000");
        values.put("twilio.account.sid", "AC" + "0123456789abcdef".repeat(2));
        values.put("twilio.auth.token", "test-auth-token");
        try (var desk = OutboundDesk.open(database, settings(values), OutboundMetrics.none(), Clock.systemUTC(),
                Optional.of(new Unreachable()))) {
            assertThat(desk.enabled(), is(true));
            assertThat(desk.pickupCalls().isPresent(), is(true));
            assertThat(desk.placedCalls().isPresent(), is(true));
            assertThat(desk.purposes(), instanceOf(Errands.class));
            assertThat(desk.errands(), instanceOf(Errands.class));
            desk.startDialling("server-a");
            desk.startDialling("server-a");
            assertThat(desk.dialling(), is(true));
            desk.stopDialling();
            assertThat(desk.dialling(), is(false));
            desk.startDialling("server-a");
            assertThat("stopped for good: a draining server places no more calls", desk.dialling(), is(false));
        }
        assertThrows(IllegalArgumentException.class, () -> OutboundDesk.open(database, settings(values),
                OutboundMetrics.none(), Clock.systemUTC(), Optional.empty()));
    }
}
