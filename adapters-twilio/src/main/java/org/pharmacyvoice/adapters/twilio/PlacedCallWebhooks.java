package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.notification.AnswerPlan;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallProgress;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.telephony.Admission;

/**
 * Answers Twilio's webhooks of the calls the pharmacy places: the call was answered (TwiML: the agent takes it, or a
 * few words and the call ends), who answered (answering-machine detection), how the call progressed (status
 * callbacks). Each address names the notification and the attempt in its query ({@link #address}), which Twilio's
 * signature vouches for; the domain decides, this reads Twilio's parameters and writes TwiML. Every request is
 * size-checked and signature-checked first ({@link WebhookGate}).
 */
final class PlacedCallWebhooks {

    /** Twilio fetches the answered call's TwiML here ({@code Url}). */
    static final String ANSWER_PATH = "/outbound/answer";
    /** Twilio reports the call's progress here ({@code StatusCallback}). */
    static final String STATUS_PATH = "/outbound/status";
    /** Twilio reports who answered here ({@code AsyncAmdStatusCallback}). */
    static final String MACHINE_PATH = "/outbound/machine";

    private static final System.Logger LOG = System.getLogger(PlacedCallWebhooks.class.getName());
    /** Enough to see what is refused and why; a flood's other refusals are only counted. */
    private static final int REFUSALS_LOGGED_PER_SECOND = 5;
    /** A notification id is a positive long; 18 digits always fit. */
    private static final String NOTIFICATION = "[1-9][0-9]{0,17}";
    /** An attempt is a positive int; 9 digits always fit. */
    private static final String ATTEMPT = "[1-9][0-9]{0,8}";
    private static final int MAX_SHOWN = 40;

    private final PlacedCallUseCase placedCalls;
    private final PhoneCalls calls;
    private final StreamConnector connector;
    private final TwilioSettings settings;
    private final RefusalLog refusals = new RefusalLog(LOG, Duration.ofSeconds(1), REFUSALS_LOGGED_PER_SECOND);

    PlacedCallWebhooks(PlacedCallUseCase placedCalls, PhoneCalls calls, StreamConnector connector,
                       TwilioSettings settings) {
        this.placedCalls = placedCalls;
        this.calls = calls;
        this.connector = connector;
        this.settings = settings;
    }

    /**
     * The address of one of a placed call's webhooks under {@code base} (PUBLIC_URL, {@link SignedUrls#base}):
     * {@code base + path + "?notification=N&attempt=A"}, exactly as Twilio will sign it.
     */
    static String address(String base, String path, CallRequest request) {
        return base + path + "?notification=" + request.notificationId() + "&attempt=" + request.attempt();
    }

    /**
     * {@code POST /outbound/answer}: the call was answered. The agent takes it when the domain says so and this
     * server admits a new call now; otherwise the person hears the domain's words (if any) and the call ends.
     */
    void answer(ServerRequest request, ServerResponse response) {
        Optional<Attempt> attempt = attempt(request, "answer");
        if (attempt.isEmpty()) {
            response.status(Status.BAD_REQUEST_400).send();
            return;
        }
        Attempt placed = attempt.get();
        AnswerPlan plan;
        try {
            plan = placedCalls.answered(placed.notificationId(), placed.attempt(), placed.callSid());
        } catch (RuntimeException e) {
            // Twilio would answer a 500 with its own "application error" and log 11200; the apology at least
            // tells the person the pharmacy tried to reach them, and names nothing about their health.
            LOG.log(Level.ERROR, "[{0}] {1}: deciding what the answered call does failed, the person hears the "
                    + "apology: {2}", placed.callSid(), placed, e.toString());
            sendTwiml(response, TwiML.sayAndHangUp(settings.apology()));
            return;
        }
        switch (plan) {
            case AnswerPlan.HangUp hangUp -> {
                LOG.log(Level.INFO, "[{0}] {1} answered: ending it: {2}", placed.callSid(), placed, hangUp.why());
                sendTwiml(response, sayAndHangUp(hangUp.words()));
            }
            case AnswerPlan.Connect connect -> {
                // Asked only when the agent is wanted: the calls turned away are counted.
                Admission admission = calls.admitNewCall();
                if (admission != Admission.OPEN) {
                    LOG.log(Level.WARNING, "[{0}] {1} answered, but no agent can take it ({2}): the person hears the "
                            + "message and the call ends", placed.callSid(), placed, admission);
                    sendTwiml(response, sayAndHangUp(connect.fallbackWords()));
                    return;
                }
                WebhookRequest webhook = WebhookGate.admitted(request);
                String streamUrl = connector.streamUrl(request);
                LOG.log(Level.INFO, "[{0}] {1} answered, streaming to {2}", placed.callSid(), placed, streamUrl);
                sendTwiml(response, connector.connect(streamUrl, placed.callSid(), webhook.otherParty(),
                        webhook.ourNumber()));
            }
        }
    }

    /**
     * {@code POST /outbound/machine}: answering-machine detection decided who answered ({@code AnsweredBy}); a value
     * Twilio may add later counts as unknown, which the domain treats as a person. Answered 204.
     */
    void machine(ServerRequest request, ServerResponse response) {
        Optional<Attempt> attempt = attempt(request, "machine");
        if (attempt.isEmpty()) {
            response.status(Status.BAD_REQUEST_400).send();
            return;
        }
        Attempt placed = attempt.get();
        String answeredBy = WebhookGate.admitted(request).parameter("AnsweredBy");
        Answerer answerer = answerer(answeredBy);
        if (answerer == Answerer.UNKNOWN && !answeredBy.equals("unknown")) {
            LOG.log(Level.WARNING, "[{0}] {1}: AnsweredBy ''{2}'' is not one Twilio documents; taken as unknown",
                    placed.callSid(), placed, shown(answeredBy));
        } else {
            LOG.log(Level.INFO, "[{0}] {1}: answering-machine detection says {2}", placed.callSid(), placed,
                    answeredBy);
        }
        run(response, placed, "who answered", () -> placedCalls.answeredBy(placed.notificationId(), placed.attempt(),
                placed.callSid(), answerer));
    }

    /**
     * {@code POST /outbound/status}: the call's progress ({@code CallStatus}), for the attempt and for the call's
     * record, as the number's own status callback is for calls that came in; an unknown status is logged and
     * ignored. Answered 204, as Twilio asks.
     */
    void status(ServerRequest request, ServerResponse response) {
        Optional<Attempt> attempt = attempt(request, "status");
        if (attempt.isEmpty()) {
            response.status(Status.BAD_REQUEST_400).send();
            return;
        }
        Attempt placed = attempt.get();
        WebhookRequest callback = WebhookGate.admitted(request);
        String status = callback.parameter("CallStatus");
        Optional<CallProgress> progress = CallProgress.fromCode(status);
        if (progress.isEmpty()) {
            LOG.log(Level.WARNING, "[{0}] {1}: ignored CallStatus ''{2}'', not one Twilio documents",
                    placed.callSid(), placed, shown(status));
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        LOG.log(Level.DEBUG, "[{0}] {1}: Twilio reports the call {2}", placed.callSid(), placed, status);
        run(response, placed, "the call's progress", () -> {
            placedCalls.progressed(placed.notificationId(), placed.attempt(), placed.callSid(), progress.get());
            calls.statusReported(placed.callSid(), status, seconds(callback.parameter("CallDuration")));
        });
    }

    /** Twilio's {@code AnsweredBy}: human, machine_start, machine_end_beep/silence/other, fax or unknown. */
    static Answerer answerer(String answeredBy) {
        if (answeredBy.equals("human")) {
            return Answerer.PERSON;
        }
        if (List.of("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other")
                .contains(answeredBy)) {
            return Answerer.MACHINE;
        }
        return answeredBy.equals("fax") ? Answerer.FAX : Answerer.UNKNOWN;
    }

    /** Passes a callback on to the domain: 204, or 500 without a word of why when the domain failed (logged). */
    private static void run(ServerResponse response, Attempt placed, String what, Runnable domain) {
        try {
            domain.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "[{0}] {1}: passing on {2} failed: {3}", placed.callSid(), placed, what,
                    e.toString());
            response.status(Status.INTERNAL_SERVER_ERROR_500).send();
            return;
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    /**
     * The attempt a request is about: one notification and one attempt in the query (signed with the rest of the
     * address), and the call's CallSid. Empty, and the reason logged, when any is missing or malformed.
     */
    private Optional<Attempt> attempt(ServerRequest request, String what) {
        WebhookRequest webhook = WebhookGate.admitted(request);
        // Parsed here rather than by Helidon: its query decoding throws on a malformed %-escape.
        Optional<FormBody> query = FormBody.parse(request.query().rawValue(), WebhookRequest.MAX_PARAMETERS);
        if (query.isEmpty()) {
            return refused(what, "more than " + WebhookRequest.MAX_PARAMETERS + " query parameters");
        }
        List<String> notification = query.get().values().getOrDefault("notification", List.of());
        List<String> attempt = query.get().values().getOrDefault("attempt", List.of());
        if (notification.size() != 1 || !notification.getFirst().matches(NOTIFICATION)) {
            return refused(what, "notification " + shown(notification) + " is not one notification id");
        }
        if (attempt.size() != 1 || !attempt.getFirst().matches(ATTEMPT)) {
            return refused(what, "attempt " + shown(attempt) + " is not one attempt number");
        }
        Optional<String> callSid = AfterStreamWebhooks.callSid(webhook.parameter("CallSid"));
        if (callSid.isEmpty()) {
            return refused(what, "CallSid " + shown(List.of(webhook.parameter("CallSid"))) + " is not a CallSid");
        }
        return Optional.of(new Attempt(Long.parseLong(notification.getFirst()), Integer.parseInt(attempt.getFirst()),
                callSid.get()));
    }

    private Optional<Attempt> refused(String what, String why) {
        refusals.refused("refused an outbound {0} request: {1}", what, why);
        return Optional.empty();
    }

    /** What a request sent, short and on one line, whatever it was. */
    private static String shown(List<String> values) {
        return values.isEmpty() ? "missing" : values.size() > 1 ? "given " + values.size() + " times"
                : "'" + shown(values.getFirst()) + "'";
    }

    private static String shown(String value) {
        return RequestGuard.printable(value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...");
    }

    private static String sayAndHangUp(String words) {
        return words.isEmpty() ? TwiML.hangUp() : TwiML.sayAndHangUp(words);
    }

    private static OptionalInt seconds(String text) {
        try {
            int seconds = Integer.parseInt(text);
            return seconds >= 0 ? OptionalInt.of(seconds) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static void sendTwiml(ServerResponse response, String twiml) {
        response.headers().contentType(HttpMediaType.create("text/xml; charset=UTF-8"));
        response.send(twiml);
    }

    /** Which attempt at which notification a request is about, and its call; shown in logs without the CallSid. */
    private record Attempt(long notificationId, int attempt, String callSid) {

        @Override
        public String toString() {
            return "notification " + notificationId + " attempt " + attempt;
        }
    }
}
