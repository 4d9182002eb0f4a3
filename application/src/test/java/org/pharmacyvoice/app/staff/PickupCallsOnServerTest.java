package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.prescription.NewRefill;

/**
 * The real server with OUTBOUND_CALLS=true (Twilio's API a closed port, dialling after the test): staff marking a
 * refill or an order ready queue the patient's call once however often they do, the reply says so, and the reminders
 * due are queued as the server starts. Nothing here is dialled.
 */
class PickupCallsOnServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Bob Tanaka, a demo patient, and his sertraline. */
    private static final long BOB = 2;
    private static final String SERTRALINE = "2002001";

    @TempDir
    static Path dataDir;
    private static RunningServer pharmacy;

    @BeforeAll
    static void start() {
        pharmacy = RunningServer.start(dataDir, RunningServer.CALLS_ON);
    }

    @AfterAll
    static void stop() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    private static List<Notification> notifications() {
        return pharmacy.records.notifications().list(Optional.empty(), 200);
    }

    private static HttpResponse<String> patch(String path, String status) {
        return pharmacy.send("PATCH", path, "application/json", "{\"status\":\"" + status + "\"}");
    }

    @Test
    void aRefillMarkedReadyQueuesTheCallOnceAndTheReplySaysSo() {
        long refill = pharmacy.records.refillQueue().add(new NewRefill(SERTRALINE, BOB, Instant.now(),
                Instant.now().plusSeconds(3600), Optional.empty())).id();

        HttpResponse<String> ready = patch("/api/refills/" + refill, "ready");
        HttpResponse<String> again = patch("/api/refills/" + refill, "ready");

        assertThat(ready.statusCode(), is(200));
        List<Notification> queued = notifications().stream()
                .filter(n -> n.subject().key().equals("refill:" + refill)).toList();
        assertThat(queued.size(), is(1));
        Notification call = queued.getFirst();
        assertThat(call.kind(), is(NotificationKind.READY_FOR_PICKUP));
        assertThat(call.patientId(), is(Optional.of(BOB)));
        assertThat("Bob's first number", call.phoneNumber(), is("+12025550102"));
        assertThat(call.state(), is(NotificationState.QUEUED));
        assertThat(ready.body(), startsWith("{\"id\":" + refill + ",\"rx_number\":\"2002001\",\"patient_id\":2,"
                + "\"status\":\"ready\","));
        assertThat(ready.body(), containsString(",\"pickup_call\":{\"queued\":true,\"notification_id\":" + call.id()
                + ",\"state\":\"queued\"}}"));
        assertThat("marking it ready again finds the same call", again.body(), containsString(
                "\"pickup_call\":{\"queued\":true,\"notification_id\":" + call.id() + ","));
        assertThat(pharmacy.get("/api/outbound?state=queued&limit=200").body(), containsString("{\"id\":" + call.id()
                + ",\"kind\":\"ready_for_pickup\",\"subject\":\"refill:" + refill + "\",\"patient_id\":2,"
                + "\"phone\":\"+1******0102\",\"state\":\"queued\",\"attempts\":0,"));

        HttpResponse<String> pickedUp = patch("/api/refills/" + refill, "picked_up");
        assertThat("only a move to ready asks for a call", pickedUp.body(), not(containsString("pickup_call")));
    }

    @Test
    void anOrderMarkedReadyCallsTheNumberItWasPlacedFromAndOneWithoutANumberSaysWhyNot() {
        long fromPhone = pharmacy.records.orderLedger().add(new NewOrder("Pat Doe", Optional.of("+12025550177"), 1,
                2, BigDecimal.ONE, "", Instant.now(), Optional.empty())).id();
        long walkIn = pharmacy.records.orderLedger().add(new NewOrder("Sam Roe", Optional.empty(), 1, 1,
                BigDecimal.ONE, "", Instant.now(), Optional.empty())).id();

        HttpResponse<String> called = patch("/api/orders/" + fromPhone, "ready");
        HttpResponse<String> notCalled = patch("/api/orders/" + walkIn, "ready");

        Notification call = notifications().stream().filter(n -> n.subject().key().equals("order:" + fromPhone))
                .findFirst().orElseThrow();
        assertThat(call.phoneNumber(), is("+12025550177"));
        assertThat(call.patientId(), is(Optional.empty()));
        assertThat(called.statusCode(), is(200));
        assertThat(called.body(), endsWith(",\"pickup_call\":{\"queued\":true,\"notification_id\":" + call.id()
                + ",\"state\":\"queued\"}}"));
        assertThat(notCalled.statusCode(), is(200));
        assertThat(notCalled.body(), startsWith("{\"id\":" + walkIn + ",\"customer_name\":\"Sam Roe\","));
        assertThat(notCalled.body(), containsString(",\"status\":\"ready\","));
        assertThat(notCalled.body(), containsString(",\"pickup_call\":{\"queued\":false,\"reason\":\"order " + walkIn
                + " has no caller number to call\"}}"));
        assertThat(notifications().stream().noneMatch(n -> n.subject().key().equals("order:" + walkIn)), is(true));
    }

    @Test
    void theRemindersDueAreQueuedAsTheServerStarts() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> reminders = List.of();
        while (System.nanoTime() < deadline) {
            reminders = notifications().stream().filter(n -> n.kind() == NotificationKind.REFILL_REMINDER)
                    .map(n -> n.subject().key().substring(0, 11) + n.phoneNumber()).sorted().toList();
            if (reminders.size() >= 2) {
                break;
            }
            Thread.sleep(50);
        }

        // DemoPatients: Alice's lisinopril runs out in two days and David's amlodipine in three.
        assertThat(reminders, is(List.of("rx:2001001:+12025550101", "rx:2004001:+12025550104")));
        assertThat(pharmacy.get("/api/outbound?limit=1").body(), endsWith(",\"calls_enabled\":true}"));
    }

    @Test
    void theMetricsOfEveryOutcomeAreThereFromTheStart() {
        String metrics = pharmacy.get("/observe/metrics").body();

        for (String result : List.of("placed", "refused", "deferred")) {
            assertThat(metrics, containsString("pharmacy_outbound_calls_total{result=\"" + result + "\""));
        }
        for (String outcome : List.of("answered", "voicemail", "no_answer", "busy", "failed")) {
            assertThat(metrics, containsString("pharmacy_outbound_attempts_total{outcome=\"" + outcome + "\""));
        }
    }
}
