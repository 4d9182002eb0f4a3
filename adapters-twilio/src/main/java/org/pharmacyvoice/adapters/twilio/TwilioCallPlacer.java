package org.pharmacyvoice.adapters.twilio;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.pharmacyvoice.domain.outbound.port.out.CallAttempt;
import org.pharmacyvoice.domain.outbound.port.out.CallCheck;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Places calls through Twilio's REST API (POST Calls.json), finds recent ones (GET Calls.json) and ends live ones
 * with a few last words (POST Calls/{CallSid}.json). Each placed call's webhooks are addressed under PUBLIC_URL, the
 * base its requests' signatures are checked against, and name the attempt in their query.
 *
 * <p>Twilio's Calls create is not idempotent, so a request is repeated only when no call can have come of it:
 * <ul>
 *   <li>the connection was never made (refused, connect timeout): nothing reached Twilio, retry after a backoff;</li>
 *   <li>429: Twilio turned the request away before creating anything, retry after {@code Retry-After} (capped);</li>
 *   <li>5xx, a response timeout, a connection lost after sending: the call may exist. After the backoff,
 *       the number's recent calls are listed; one created since this placement began (less a margin for clock skew)
 *       is taken as ours and reported {@link CallAttempt.Placed}; none: retry; the list unavailable: stop with
 *       {@link CallAttempt.Unreachable#maybePlaced()} so the caller checks later instead of calling twice;</li>
 *   <li>any other 4xx: {@link CallAttempt.Refused}, never retried.</li>
 * </ul>
 * The secret goes only into the Authorization header, never into a log line or a reason; numbers are masked.
 */
final class TwilioCallPlacer implements PhoneNetwork {

    private static final System.Logger LOG = System.getLogger(TwilioCallPlacer.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    /** Twilio's answers are a few KB; anything larger is not Twilio and is cut rather than buffered. */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Our clock and Twilio's may disagree by this much when looking for a call created "since" a moment. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(2);
    /** One page of the number's recent calls; the notification rules allow one call a day per number. */
    private static final int LOOKUP_PAGE_SIZE = 50;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

    /** Twilio's documented cap on inline TwiML (for Calls create; the update's is undocumented, so the same). */
    static final int MAX_TWIML_CHARS = 4000;
    /** Twilio's error for updating a call that is no longer in progress ("Call is not in-progress"). */
    private static final int CALL_NOT_IN_PROGRESS = 21220;
    private static final String CALL_SID = "CA[0-9a-fA-F]{32}";

    private final TwilioRestSettings settings;
    private final String webhookBase;
    private final HttpClient http;
    private final Clock clock;
    private final String authorization;

    /** {@code webhookBase}: PUBLIC_URL without a trailing slash ({@link SignedUrls#base}). */
    TwilioCallPlacer(TwilioRestSettings settings, String webhookBase, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.webhookBase = Objects.requireNonNull(webhookBase, "'webhookBase' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
        // HTTP/1.1: a few calls a minute need no multiplexing, and a plain-HTTP fake needs no h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.secret()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CallAttempt placeCall(CallRequest request) {
        Objects.requireNonNull(request, "'request' must not be null");
        String masked = PhoneNumbers.mask(request.to());
        Instant began = clock.instant();
        String reason = "not tried";
        Duration wait = Duration.ZERO;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0 && !pause(wait)) {
                return new CallAttempt.Unreachable("interrupted while waiting to retry: " + reason, false);
            }
            wait = backoff(attempt);
            Answer answer = send(HttpRequest.newBuilder(callsUri(""))
                    .POST(HttpRequest.BodyPublishers.ofString(form(request, webhookBase)))
                    .header("Content-Type", "application/x-www-form-urlencoded"));
            switch (answer) {
                case Answer.NotSent notSent -> {
                    reason = "Twilio not reachable: " + notSent.reason();
                    LOG.log(Level.WARNING, "[{0}] call to {1}: {2} (try {3} of {4})", request.idempotencyKey(),
                            masked, reason, attempt + 1, settings.retries() + 1);
                    continue;
                }
                case Answer.Lost lost -> reason = "Twilio's answer was lost: " + lost.reason();
                case Answer.Interrupted ignored -> {
                    return new CallAttempt.Unreachable("interrupted while placing the call", true);
                }
                case Answer.Received received -> {
                    int status = received.status();
                    if (status == 200 || status == 201) {
                        Optional<String> sid = received.body().flatMap(body -> text(body, "sid"));
                        if (sid.isPresent()) {
                            LOG.log(Level.INFO, "[{0}] Twilio placed call {1} to {2}", request.idempotencyKey(),
                                    sid.get(), masked);
                            return new CallAttempt.Placed(sid.get());
                        }
                        reason = "Twilio answered " + status + " without a call SID";
                    } else if (status == 429) {
                        reason = "Twilio is rate limiting (429 " + error(received, request.to()) + ")";
                        Optional<Duration> retryAfter = received.retryAfter();
                        if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
                            LOG.log(Level.WARNING, "[{0}] call to {1}: {2}, asked to wait {3} s: longer than {4} s,"
                                    + " giving up for now", request.idempotencyKey(), masked, reason,
                                    Long.toString(retryAfter.get().toSeconds()),
                                    Long.toString(settings.maxRetryAfter().toSeconds()));
                            return new CallAttempt.Unreachable(reason, false);
                        }
                        wait = retryAfter.orElse(wait);
                        LOG.log(Level.WARNING, "[{0}] call to {1}: {2}, retrying in {3} ms (try {4} of {5})",
                                request.idempotencyKey(), masked, reason, Long.toString(wait.toMillis()), attempt + 1,
                                settings.retries() + 1);
                        continue;
                    } else if (status >= 500) {
                        reason = "Twilio failed (" + status + " " + error(received, request.to()) + ")";
                    } else {
                        String refusal = "Twilio refused the call (" + status + " " + error(received, request.to())
                                + ")" + (status == 401 ? ": check " + credentialSettings()
                                        : status == 403 ? ": the account may not place this call (permissions; check "
                                                + credentialSettings() + ")" : "");
                        LOG.log(status == 401 || status == 403 ? Level.ERROR : Level.WARNING, "[{0}] call to {1}: {2}",
                                request.idempotencyKey(), masked, refusal);
                        return new CallAttempt.Refused(refusal, false);
                    }
                }
            }
            // The request reached Twilio and the outcome is unknown: look before trying again. The backoff comes
            // first, so that a call Twilio did create has time to show in its list.
            LOG.log(Level.WARNING, "[{0}] call to {1}: {2}; looking for the call before trying again (try {3} of {4})",
                    request.idempotencyKey(), masked, reason, attempt + 1, settings.retries() + 1);
            if (!pause(wait)) {
                return new CallAttempt.Unreachable("interrupted while looking for the call: " + reason, true);
            }
            wait = Duration.ZERO;
            switch (recentCallTo(request.to(), began.minus(CLOCK_MARGIN))) {
                case CallCheck.Found found -> {
                    LOG.log(Level.INFO, "[{0}] Twilio had placed call {1} to {2} after all", request.idempotencyKey(),
                            found.callSid(), masked);
                    return new CallAttempt.Placed(found.callSid());
                }
                case CallCheck.NotFound ignored -> {
                    // Nothing came of it: another try cannot double the call.
                }
                case CallCheck.Unknown unknown -> {
                    String unsettled = reason + "; could not check whether the call exists (" + unknown.reason() + ")";
                    LOG.log(Level.WARNING, "[{0}] call to {1}: {2}; not retrying", request.idempotencyKey(), masked,
                            unsettled);
                    return new CallAttempt.Unreachable(unsettled, true);
                }
            }
        }
        LOG.log(Level.WARNING, "[{0}] call to {1}: giving up after {2} tries: {3}", request.idempotencyKey(), masked,
                settings.retries() + 1, reason);
        return new CallAttempt.Unreachable(reason, false);
    }

    /**
     * Replaces whatever the call is doing (the agent's stream, say) with TwiML that says {@code words} and hangs up.
     * Unlike placing a call this is safe to repeat, so a request whose answer was lost is simply sent again.
     */
    @Override
    public boolean endWithWords(String callSid, String words) {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(words, "'words' must not be null");
        if (!callSid.matches(CALL_SID)) {
            LOG.log(Level.WARNING, "not ending call {0}: not a Twilio call SID",
                    RequestGuard.printable(callSid.length() <= 40 ? callSid : callSid.substring(0, 40) + "..."));
            return false;
        }
        // The words name the patient: they go to Twilio and nowhere else, not even into a log line.
        String twiml = lastWords(words);
        if (twiml.length() > MAX_TWIML_CHARS) {
            LOG.log(Level.WARNING, "[{0}] not ending the call: its last words make {1,number,#} characters of "
                    + "TwiML, over Twilio''s limit of {2,number,#}", callSid, twiml.length(), MAX_TWIML_CHARS);
            return false;
        }
        String form = "Twiml=" + encode(twiml);
        String reason = "not tried";
        Duration wait = Duration.ZERO;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0 && !pause(wait)) {
                LOG.log(Level.WARNING, "[{0}] interrupted while ending the call: {1}", callSid, reason);
                return false;
            }
            wait = backoff(attempt);
            Answer answer = send(HttpRequest.newBuilder(callUri(callSid))
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .header("Content-Type", "application/x-www-form-urlencoded"));
            switch (answer) {
                case Answer.NotSent notSent -> reason = "Twilio not reachable: " + notSent.reason();
                // The same TwiML twice only says the words again to a call that is hanging up: try again.
                case Answer.Lost lost -> reason = "Twilio's answer was lost: " + lost.reason();
                case Answer.Interrupted ignored -> {
                    LOG.log(Level.WARNING, "[{0}] interrupted while ending the call", callSid);
                    return false;
                }
                case Answer.Received received -> {
                    int status = received.status();
                    if (status == 200 || status == 201) {
                        LOG.log(Level.INFO, "[{0}] Twilio is ending the call {1}", callSid,
                                words.isEmpty() ? "without a word" : "after the last words");
                        return true;
                    }
                    if (status == 404 || (status == 400 && code(received) == CALL_NOT_IN_PROGRESS)) {
                        LOG.log(Level.INFO, "[{0}] not ending the call: it is already over ({1} {2})", callSid,
                                status, error(received, ""));
                        return false;
                    }
                    if (status == 401 || status == 403) {
                        LOG.log(Level.ERROR, "[{0}] Twilio refused to end the call ({1} {2}): {3}", callSid, status,
                                error(received, ""), status == 401 ? "check " + credentialSettings()
                                        : "the credentials may not update calls (permissions); check "
                                                + credentialSettings());
                        return false;
                    }
                    if (status == 429) {
                        reason = "Twilio is rate limiting (429 " + error(received, "") + ")";
                        Optional<Duration> retryAfter = received.retryAfter();
                        if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
                            LOG.log(Level.WARNING, "[{0}] not ending the call: {1}, asked to wait {2} s: longer than "
                                    + "{3} s", callSid, reason, Long.toString(retryAfter.get().toSeconds()),
                                    Long.toString(settings.maxRetryAfter().toSeconds()));
                            return false;
                        }
                        wait = retryAfter.orElse(wait);
                    } else if (status >= 500) {
                        reason = "Twilio failed (" + status + " " + error(received, "") + ")";
                    } else {
                        LOG.log(Level.WARNING, "[{0}] Twilio refused to end the call ({1} {2})", callSid, status,
                                error(received, ""));
                        return false;
                    }
                }
            }
            if (attempt < settings.retries()) {
                LOG.log(Level.WARNING, "[{0}] ending the call: {1}; retrying in {2} ms (try {3} of {4})", callSid,
                        reason, Long.toString(wait.toMillis()), attempt + 1, settings.retries() + 1);
            }
        }
        LOG.log(Level.WARNING, "[{0}] could not end the call: giving up after {1} tries: {2}", callSid,
                settings.retries() + 1, reason);
        return false;
    }

    /** Says {@code words} (nothing when empty) and hangs up: the whole TwiML sent with a call update. */
    static String lastWords(String words) {
        String say = words.isEmpty() ? "" : "<Say>" + TwiML.escape(words) + "</Say>";
        return "<Response>" + say + "<Hangup/></Response>";
    }

    /** The settings that hold the credentials these requests were made with, for a refusal's log line. */
    private String credentialSettings() {
        return settings.username().equals(settings.accountSid()) ? "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
                : "TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET";
    }

    @Override
    public CallCheck recentCallTo(String to, Instant since) {
        Objects.requireNonNull(to, "'to' must not be null");
        Objects.requireNonNull(since, "'since' must not be null");
        // No StartTime filter: a queued call has no start time yet, and it is the one we are looking for.
        Answer answer = send(HttpRequest.newBuilder(callsUri("?To=" + encode(to) + "&PageSize=" + LOOKUP_PAGE_SIZE))
                .GET());
        return switch (answer) {
            case Answer.NotSent notSent -> new CallCheck.Unknown("Twilio not reachable: " + notSent.reason());
            case Answer.Lost lost -> new CallCheck.Unknown("Twilio's answer was lost: " + lost.reason());
            case Answer.Interrupted ignored -> new CallCheck.Unknown("interrupted");
            case Answer.Received received when received.status() != 200 ->
                    new CallCheck.Unknown("listing calls answered " + received.status());
            case Answer.Received received -> received.body().map(body -> callSince(body, since))
                    .orElseGet(() -> new CallCheck.Unknown("listing calls answered without JSON"));
        };
    }

    private static CallCheck callSince(JsonObject page, Instant since) {
        if (!(page.get("calls") instanceof jakarta.json.JsonArray calls)) {
            return new CallCheck.Unknown("listing calls answered without a list of calls");
        }
        for (JsonValue value : calls) {
            if (value instanceof JsonObject call) {
                Optional<String> sid = text(call, "sid");
                Optional<Instant> created = text(call, "date_created").flatMap(TwilioCallPlacer::rfc2822);
                if (sid.isPresent() && created.isPresent() && !created.get().isBefore(since)) {
                    return new CallCheck.Found(sid.get());
                }
            }
        }
        return new CallCheck.NotFound();
    }

    /**
     * Twilio's documented parameters for Calls create, the webhooks addressed under {@code webhookBase};
     * StatusCallbackEvent is repeated once per event.
     */
    static String form(CallRequest request, String webhookBase) {
        var pairs = new ArrayList<String>();
        add(pairs, "To", request.to());
        add(pairs, "From", request.from());
        add(pairs, "Url", PlacedCallWebhooks.address(webhookBase, PlacedCallWebhooks.ANSWER_PATH, request));
        add(pairs, "Method", "POST");
        add(pairs, "StatusCallback", PlacedCallWebhooks.address(webhookBase, PlacedCallWebhooks.STATUS_PATH, request));
        STATUS_EVENTS.forEach(event -> add(pairs, "StatusCallbackEvent", event));
        add(pairs, "StatusCallbackMethod", "POST");
        add(pairs, "MachineDetection", "DetectMessageEnd");
        add(pairs, "AsyncAmd", "true");
        add(pairs, "AsyncAmdStatusCallback", PlacedCallWebhooks.address(webhookBase, PlacedCallWebhooks.MACHINE_PATH,
                request));
        add(pairs, "AsyncAmdStatusCallbackMethod", "POST");
        add(pairs, "Timeout", Long.toString(request.ringTimeout().toSeconds()));
        return String.join("&", pairs);
    }

    private static void add(List<String> pairs, String name, String value) {
        pairs.add(encode(name) + "=" + encode(value));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI callsUri(String query) {
        return URI.create(accountUri() + "/Calls.json" + query);
    }

    /** One call; {@code callSid} has been checked to be a call SID, so it is safe in a path. */
    private URI callUri(String callSid) {
        return URI.create(accountUri() + "/Calls/" + callSid + ".json");
    }

    private String accountUri() {
        return settings.apiBase().toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + settings.accountSid();
    }

    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(settings.requestTimeout())
                .header("Authorization", authorization).header("Accept", "application/json").build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_ANSWER_BYTES);
            }
            return new Answer.Received(response.statusCode(), parse(new String(bytes, StandardCharsets.UTF_8)),
                    response.headers().firstValue("Retry-After").flatMap(TwilioCallPlacer::seconds));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Answer.NotSent(describe(e));
        } catch (HttpTimeoutException e) {
            return new Answer.Lost("no answer within " + settings.requestTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Answer.Lost(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Interrupted();
        }
    }

    /** The exception's class and message only: the JDK's messages name the host, never the request's headers. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static Optional<JsonObject> parse(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Twilio's error code and message, {@code number} masked (messages like 21211's quote the called number). */
    private static String error(Answer.Received received, String number) {
        return received.body().map(body -> {
            String code = body.get("code") instanceof jakarta.json.JsonNumber value ? "code " + value : "no code";
            return code + text(body, "message").map(m -> ": " + (number.isEmpty() ? m
                    : m.replace(number, PhoneNumbers.mask(number)))).orElse("");
        }).orElse("no JSON error");
    }

    /** Twilio's error code, or 0 when the answer has none. */
    private static int code(Answer.Received received) {
        return received.body().map(body -> body.get("code") instanceof jakarta.json.JsonNumber value
                && value.isIntegral() ? value.intValue() : 0).orElse(0);
    }

    private static Optional<String> text(JsonObject object, String name) {
        return object.get(name) instanceof jakarta.json.JsonString string ? Optional.of(string.getString())
                : Optional.empty();
    }

    private static Optional<Instant> rfc2822(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Retry-After in seconds (Twilio's form); an HTTP date or garbage counts as absent. */
    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code firstBackoff} doubled per attempt, capped, and spread by ±20% so that several servers turned away
     * at the same moment don't all come back at the same moment.
     */
    private Duration backoff(int attempt) {
        Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(attempt, 10));
        wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
        return Duration.ofNanos((long) (wait.toNanos() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What one HTTP exchange with Twilio came to. */
    private sealed interface Answer {

        /** The connection was never made: Twilio saw nothing. */
        record NotSent(String reason) implements Answer {
        }

        /** The request may have reached Twilio, but no answer came back. */
        record Lost(String reason) implements Answer {
        }

        /** Our thread was interrupted mid-exchange. */
        record Interrupted() implements Answer {
        }

        /** Twilio answered with a status (and JSON, when it parsed). */
        record Received(int status, Optional<JsonObject> body, Optional<Duration> retryAfter) implements Answer {
        }
    }
}
