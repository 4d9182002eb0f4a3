package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;

/**
 * {@code /api/outbound} on the real server and its H2 database: the queue as staff see it (numbers masked, no names),
 * cancelling a queued call and requeueing a failed one, and every wrong request answered with its JSON error. The
 * notifications are put in the book the way a trigger and the dialler leave them.
 */
class OutboundApiTest {

    /** Alice Moreno, the first demo patient, and her lisinopril. */
    private static final long ALICE = 1;
    private static final String ALICE_PHONE = "+12025550101";
    private static final String LISINOPRIL = "2001001";
    private static final Instant MORNING = Instant.parse("2026-01-14T15:00:00Z");

    @TempDir
    static Path dataDir;
    private static RunningServer pharmacy;
    private static NotificationBook book;
    private static int fills;

    @BeforeAll
    static void start() {
        pharmacy = RunningServer.start(dataDir, Map.of());
        book = pharmacy.records.notifications();
        assertThat("the demo patients are filed", pharmacy.records.patients().patient(ALICE).orElseThrow()
                .phoneNumbers().getFirst(), is(ALICE_PHONE));
    }

    @AfterAll
    static void stop() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    /** A reminder about one more fill of Alice's lisinopril, queued at {@code at}. */
    private static Notification queued(Instant at) {
        LocalDate filledOn = LocalDate.of(2025, 1, 1).plusDays(++fills);
        return book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut(LISINOPRIL, filledOn), Optional.of(ALICE), ALICE_PHONE, at)).notification();
    }

    private static Notification in(NotificationState state) {
        Notification notification = queued(MORNING.plusSeconds(fills));
        book.move(notification.id(), NotificationState.QUEUED, state, MORNING.plusSeconds(3600));
        return book.notification(notification.id()).orElseThrow();
    }

    private static String json(Notification n, String state, Instant updated) {
        return "{\"id\":" + n.id() + ",\"kind\":\"refill_reminder\",\"subject\":\"" + n.subject().key()
                + "\",\"patient_id\":1,\"phone\":\"+1******0101\",\"state\":\"" + state + "\",\"attempts\":0,"
                + "\"next_attempt_at\":\"" + n.nextAttemptAt() + "\",\"last_outcome\":null,\"created_at\":\""
                + n.createdAt() + "\",\"updated_at\":\"" + updated.truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    @Test
    void aQueuedNotificationShowsEveryFieldWithTheNumberMaskedAndIsNeverCached() {
        Notification notification = queued(Instant.parse("2030-01-01T10:00:00Z"));

        HttpResponse<String> response = pharmacy.get("/api/outbound?limit=1");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"notifications\":[{\"id\":" + notification.id() + ",\"kind\":"
                + "\"refill_reminder\",\"subject\":\"rx:2001001:" + notification.subject().key().substring(11)
                + "\",\"patient_id\":1,\"phone\":\"+1******0101\",\"state\":\"queued\",\"attempts\":0,"
                + "\"next_attempt_at\":\"2030-01-01T10:00:00Z\",\"last_outcome\":null,"
                + "\"created_at\":\"2030-01-01T10:00:00Z\",\"updated_at\":\"2030-01-01T10:00:00Z\"}],"
                + "\"count\":1,\"limit\":1,\"calls_enabled\":false}"));
    }

    @Test
    void theQueueFiltersByStateNewestFirst() {
        Notification failed = in(NotificationState.FAILED);
        Notification answered = in(NotificationState.ANSWERED);

        assertThat(pharmacy.get("/api/outbound?state=answered&limit=200").body(), is("{\"notifications\":["
                + json(answered, "answered", MORNING.plusSeconds(3600)) + "],\"count\":1,\"limit\":200,"
                + "\"calls_enabled\":false}"));
        assertThat(pharmacy.get("/api/outbound?state=failed").body(), startsWith("{\"notifications\":["
                + json(failed, "failed", MORNING.plusSeconds(3600)) + "]"));
        assertThat(pharmacy.get("/api/outbound?state=expired").body(),
                is("{\"notifications\":[],\"count\":0,\"limit\":50,\"calls_enabled\":false}"));
    }

    @Test
    void aQueuedCallIsCancelledOnceAndThenIsA409() {
        Notification notification = queued(MORNING);

        HttpResponse<String> cancelled = pharmacy.post("/api/outbound/" + notification.id() + "/cancel", "");
        HttpResponse<String> again = pharmacy.post("/api/outbound/" + notification.id() + "/cancel", "");

        assertThat(cancelled.statusCode(), is(200));
        Notification now = book.notification(notification.id()).orElseThrow();
        assertThat(now.state(), is(NotificationState.CANCELLED));
        assertThat(cancelled.body(), is(json(notification, "cancelled", now.updatedAt())));
        assertThat(again.statusCode(), is(409));
        assertThat(again.body(), is("{\"error\":\"not_queued\",\"detail\":\"Notification " + notification.id()
                + " is cancelled: only a queued call can be cancelled; one being dialled is not taken back.\"}"));
    }

    @Test
    void aCallBeingDialledIsNotTakenBack() {
        Notification calling = in(NotificationState.CALLING);

        HttpResponse<String> response = pharmacy.post("/api/outbound/" + calling.id() + "/cancel", "{}");

        assertThat(response.statusCode(), is(409));
        assertThat(response.body(), is("{\"error\":\"not_queued\",\"detail\":\"Notification " + calling.id()
                + " is calling: only a queued call can be cancelled; one being dialled is not taken back.\"}"));
        assertThat(book.notification(calling.id()).orElseThrow().state(), is(NotificationState.CALLING));
    }

    @Test
    void aFailedCallIsQueuedAgainAndOnlyAFailedOne() {
        Notification failed = in(NotificationState.FAILED);
        Notification noAnswer = in(NotificationState.NO_ANSWER);

        HttpResponse<String> requeued = pharmacy.post("/api/outbound/" + failed.id() + "/requeue", "");
        HttpResponse<String> refused = pharmacy.post("/api/outbound/" + noAnswer.id() + "/requeue", "");

        assertThat(requeued.statusCode(), is(200));
        Notification now = book.notification(failed.id()).orElseThrow();
        assertThat(now.state(), is(NotificationState.QUEUED));
        assertThat(requeued.body(), is(json(failed, "queued", now.updatedAt())));
        assertThat(refused.statusCode(), is(409));
        assertThat(refused.body(), is("{\"error\":\"not_failed\",\"detail\":\"Notification " + noAnswer.id()
                + " is no answer: only a failed call can be queued again.\"}"));
        assertThat(book.notification(noAnswer.id()).orElseThrow().state(), is(NotificationState.NO_ANSWER));
    }

    @Test
    void anUnknownNotificationIsA404ForBoth() {
        assertThat(pharmacy.post("/api/outbound/999999/cancel", "").body(),
                is("{\"error\":\"not_found\",\"detail\":\"No notification with id 999999.\"}"));
        assertThat(pharmacy.post("/api/outbound/999999/requeue", "").statusCode(), is(404));
    }

    @ParameterizedTest(name = "POST {0} is 400")
    @CsvSource({"/api/outbound/x/cancel,x", "/api/outbound/0/requeue,0", "/api/outbound/-3/cancel,-3",
        "/api/outbound/99999999999999999999/cancel,99999999999999999999"})
    void aBadIdIsA400(String path, String id) {
        HttpResponse<String> response = pharmacy.post(path, "");

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is("{\"error\":\"invalid_id\",\"detail\":\"Notification ids are positive whole "
                + "numbers, not '" + id + "'.\"}"));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/outbound?state=done | {\"error\":\"invalid_parameter\",\"detail\":\"Unknown state 'done'; a notification "
            + "is one of queued, calling, answered, voicemail, no_answer, busy, failed, opted_out, cancelled, "
            + "expired.\"}",
        "/api/outbound?limit=0 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 "
            + "to 200, not '0'.\"}",
        "/api/outbound?limit=201 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from "
            + "1 to 200, not '201'.\"}",
        "/api/outbound?state=queued&state=failed | {\"error\":\"repeated_parameter\",\"detail\":\"Give the query "
            + "parameter 'state' at most once.\"}",
        "/api/outbound?phone=1 | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'phone'; this "
            + "endpoint takes limit, state.\"}"})
    void malformedQueriesAre400WithAJsonErrorSayingWhatWasWrong(String path, String body) {
        HttpResponse<String> response = pharmacy.get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    @Test
    void aHugeBodyIsNotReadTheIdAloneSaysWhatToCancelAndTheServerGoesOn() {
        Notification notification = queued(MORNING);
        String huge = "{\"x\":\"" + "y".repeat(2_000_000) + "\"}";

        HttpResponse<String> badId = pharmacy.post("/api/outbound/x/cancel", huge);
        HttpResponse<String> cancelled = pharmacy.post("/api/outbound/" + notification.id() + "/cancel", huge);

        assertThat(badId.statusCode(), is(400));
        assertThat(cancelled.statusCode(), is(200));
        assertThat(book.notification(notification.id()).orElseThrow().state(), is(NotificationState.CANCELLED));
        assertThat(pharmacy.get("/api/outbound?limit=1").statusCode(), is(200));
    }

    @Test
    void theRestOfHttpIsAnsweredWithItsJsonError() {
        HttpResponse<String> get = pharmacy.get("/api/outbound/1/cancel");
        assertThat(get.statusCode(), is(405));
        assertThat(get.headers().firstValue("Allow"), is(Optional.of("POST")));
        assertThat(pharmacy.send("DELETE", "/api/outbound", "application/json", "").headers().firstValue("Allow"),
                is(Optional.of("GET")));
        assertThat(pharmacy.get("/api/outbound/1/requeue").headers().firstValue("Allow"), is(Optional.of("POST")));
        HttpResponse<String> below = pharmacy.get("/api/outbound/1");
        assertThat(below.statusCode(), is(404));
        assertThat(below.body(), is("{\"error\":\"not_found\",\"detail\":\"Nothing at /api/outbound/1; see "
                + "/api/outbound, /api/outbound/{id}/cancel, /api/outbound/{id}/requeue and /api/opt-outs.\"}"));
        assertThat(pharmacy.post("/api/outbound/1/call", "").statusCode(), is(404));
    }
}
