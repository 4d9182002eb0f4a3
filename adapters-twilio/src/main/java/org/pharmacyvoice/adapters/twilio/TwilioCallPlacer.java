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
 * Places calls through Twilio's REST API (POST Calls.json) and finds recent ones (GET Calls.json).
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

    private final TwilioRestSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final String authorization;

    TwilioCallPlacer(TwilioRestSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
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
                    .POST(HttpRequest.BodyPublishers.ofString(form(request)))
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
                        reason = "Twilio is rate limiting (429 " + error(received, request) + ")";
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
                        reason = "Twilio failed (" + status + " " + error(received, request) + ")";
                    } else {
                        String refusal = "Twilio refused the call (" + status + " " + error(received, request) + ")"
                                + (status == 401 ? ": check the account SID and the credentials"
                                        : status == 403 ? ": the account may not place this call (permissions)" : "");
                        LOG.log(Level.WARNING, "[{0}] call to {1}: {2}", request.idempotencyKey(), masked, refusal);
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

    /** Twilio's documented parameters for Calls create; StatusCallbackEvent is repeated once per event. */
    static String form(CallRequest request) {
        if (request != null) {
            throw new UnsupportedOperationException("stub: the adapters-twilio helper builds the webhook addresses");
        }
        var pairs = new ArrayList<String>();
        add(pairs, "To", request.to());
        add(pairs, "From", request.from());
        add(pairs, "Url", "");
        add(pairs, "Method", "POST");
        add(pairs, "StatusCallback", "");
        STATUS_EVENTS.forEach(event -> add(pairs, "StatusCallbackEvent", event));
        add(pairs, "StatusCallbackMethod", "POST");
        add(pairs, "MachineDetection", "DetectMessageEnd");
        add(pairs, "AsyncAmd", "true");
        add(pairs, "AsyncAmdStatusCallback", "");
        add(pairs, "AsyncAmdStatusCallbackMethod", "POST");
        add(pairs, "Timeout", Long.toString(request.ringTimeout().toSeconds()));
        return String.join("&", pairs);
    }

    @Override
    public boolean endWithWords(String callSid, String words) {
        throw new UnsupportedOperationException("stub");
    }

    private static void add(List<String> pairs, String name, String value) {
        pairs.add(encode(name) + "=" + encode(value));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI callsUri(String query) {
        String base = settings.apiBase().toString().replaceAll("/+$", "");
        return URI.create(base + "/2010-04-01/Accounts/" + settings.accountSid() + "/Calls.json" + query);
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

    /** Twilio's error code and message, the called number masked (messages like 21211's quote it). */
    private static String error(Answer.Received received, CallRequest request) {
        return received.body().map(body -> {
            String code = body.get("code") instanceof jakarta.json.JsonNumber number ? "code " + number : "no code";
            return code + text(body, "message").map(m -> ": " + m.replace(request.to(),
                    PhoneNumbers.mask(request.to()))).orElse("");
        }).orElse("no JSON error");
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
