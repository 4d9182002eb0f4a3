package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Lets through only the requests Twilio signed with our auth token, and no webhook body larger than Twilio sends;
 * logs each request it refuses in a single line that shows neither the token nor the signature (under a flood, the
 * first few a second). Without an auth token it checks the sizes only.
 */
final class RequestGuard {

    private static final System.Logger LOG = System.getLogger(RequestGuard.class.getName());
    /** Helidon looks header names up case-insensitively; Twilio sends this one lower-case on WebSocket upgrades. */
    private static final HeaderName SIGNATURE = HeaderNames.create("X-Twilio-Signature");
    /** Enough to see what is refused and why; a flood's other refusals are only counted. */
    private static final int REFUSALS_LOGGED_PER_SECOND = 5;
    private final TwilioSettings settings;
    private final Optional<TwilioSignature> signature;
    private final boolean tokensOnly;
    private final RefusalLog refusals = new RefusalLog(LOG, Duration.ofSeconds(1), REFUSALS_LOGGED_PER_SECOND);
    private final CheckingDesk desk;

    /** Checks webhooks at {@code desk}, and their signatures when an auth token is configured. */
    RequestGuard(TwilioSettings settings, CheckingDesk desk) {
        this(settings, settings.authToken().map(TwilioSignature::new), false, desk);
    }

    private RequestGuard(TwilioSettings settings, Optional<TwilioSignature> signature, boolean tokensOnly,
                         CheckingDesk desk) {
        this.settings = settings;
        this.signature = signature;
        this.tokensOnly = tokensOnly;
        this.desk = desk;
    }

    /**
     * For streams that don't come through Twilio (the browser softphone): the upgrade carries no signature, but every
     * stream must present a one-time token, whether or not Twilio's requests are validated.
     */
    static RequestGuard tokensOnly(TwilioSettings settings) {
        return new RequestGuard(settings, Optional.empty(), true, CheckingDesk.forThisMachine());
    }

    /** Whether requests are checked at all (stream tokens included). */
    boolean enabled() {
        return tokensOnly || signature.isPresent();
    }

    /**
     * A voice webhook or status callback, signed over its URL plus the form parameters of a POST, checked cheapest
     * first: a body declared over {@link WebhookRequest#MAX_BODY_BYTES} gets 413 and a missing signature 403 before
     * a byte of the body is read; a chunked body is read only up to the limit; then the form is parsed and its
     * signature checked at the {@link CheckingDesk} (503 when it stays busy), where more parameters than
     * {@link WebhookRequest#MAX_PARAMETERS} are refused before they are sorted and signed. Empty when the request
     * was refused; the refusal has then been sent.
     *
     * @throws CloseConnectionException after a 413, or a 403 that left the body unread: the connection is closed,
     *                                  because draining an attacker's body is work too
     */
    Optional<WebhookRequest> admitWebhook(ServerRequest request, ServerResponse response) {
        HttpPrologue prologue = request.prologue();
        String method = prologue.method().text();
        String rawPath = prologue.uriPath().rawPath();
        Optional<Long> declared = WebhookRequest.declaredLength(request);
        if (declared.isPresent() && declared.get() > WebhookRequest.MAX_BODY_BYTES) {
            refusals.refused("refused {0} {1}: a body of {2,number,#} bytes, over the limit of {3,number,#}", method,
                    rawPath, declared.get(), WebhookRequest.MAX_BODY_BYTES);
            throw refuseAndClose(response, Status.REQUEST_ENTITY_TOO_LARGE_413);
        }
        Optional<String> presented = request.headers().first(SIGNATURE).filter(s -> !s.isEmpty());
        if (signature.isPresent() && presented.isEmpty()) {
            refusals.refused("refused {0} {1}: missing X-Twilio-Signature", method, rawPath);
            if (request.content().hasEntity()) {
                throw refuseAndClose(response, Status.FORBIDDEN_403);
            }
            response.status(Status.FORBIDDEN_403).send();
            return Optional.empty();
        }
        WebhookRequest webhook;
        try {
            byte[] body = WebhookRequest.readBody(request);
            if (!desk.enter()) {
                refusals.refused("turned away {0} {1} with 503: all webhook checks busy for {2,number,#} ms", method,
                        rawPath, desk.patience().toMillis());
                response.status(Status.SERVICE_UNAVAILABLE_503).header(HeaderNames.RETRY_AFTER, "1").send();
                return Optional.empty();
            }
            try {
                webhook = WebhookRequest.parse(request, body);
                if (signature.isEmpty() || signedCorrectly(request, webhook, presented.get())) {
                    return Optional.of(webhook);
                }
            } finally {
                desk.leave();
            }
        } catch (WebhookRequest.TooLarge e) {
            refusals.refused("refused {0} {1}: {2}", method, rawPath, e.getMessage());
            throw refuseAndClose(response, Status.REQUEST_ENTITY_TOO_LARGE_413);
        }
        refusals.refused("refused {0} {1} from caller {2}: invalid X-Twilio-Signature", method, rawPath,
                printable(PhoneNumbers.mask(webhook.parameter("From"))));
        response.status(Status.FORBIDDEN_403).send();
        return Optional.empty();
    }

    private boolean signedCorrectly(ServerRequest request, WebhookRequest webhook, String presented) {
        HttpPrologue prologue = request.prologue();
        List<String> urls = SignedUrls.webhook(settings.publicUrl(), prologue.uriPath().rawPath(), rawQuery(prologue),
                SignedUrls.Origin.of(request.headers(), request.isSecure()));
        return webhook.posted() && TwilioSignature.signsBody(urls.getFirst())
                ? signature.orElseThrow().matchesAnyJson(urls, webhook.body(), presented)
                : signature.orElseThrow().matchesAny(urls, webhook.posted() ? webhook.parameters().values() : Map.of(),
                        presented);
    }

    /** Sends the refusal with {@code Connection: close}; Helidon closes the connection on the exception returned. */
    private static CloseConnectionException refuseAndClose(ServerResponse response, Status status) {
        response.status(status).header(HeaderValues.CONNECTION_CLOSE).send();
        return new RefusedConnection();
    }

    /** Closes the connection after a refusal, without the stack trace that nobody reads and a flood would pay for. */
    private static final class RefusedConnection extends CloseConnectionException {
        RefusedConnection() {
            super("refused a webhook request without reading its body");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The media stream's WebSocket upgrade: no query string, signed over the {@code wss://} URL alone. */
    boolean admitsUpgrade(HttpPrologue prologue, Headers headers) {
        if (signature.isEmpty()) {
            return true;
        }
        String rawPath = prologue.uriPath().rawPath();
        if (!rawQuery(prologue).isEmpty()) {
            refusals.refused("refused the WebSocket upgrade of {0}: it has a query string, which Twilio never sends",
                    rawPath);
            return false;
        }
        List<String> urls = SignedUrls.mediaStream(settings.publicUrl(), settings.mediaStreamPath(),
                SignedUrls.Origin.of(headers, false));
        Optional<String> presented = headers.first(SIGNATURE).filter(s -> !s.isEmpty());
        boolean valid = presented.isPresent() && signature.get().matchesAny(urls, Map.of(), presented.get());
        if (!valid) {
            refusals.refused("refused the WebSocket upgrade of {0}: {1} x-twilio-signature", rawPath,
                    presented.isPresent() ? "invalid" : "missing");
        }
        return valid;
    }

    private static String rawQuery(HttpPrologue prologue) {
        String query = prologue.query().rawValue();
        return query == null ? "" : query;
    }

    /** Text from a request that failed the check must not forge log lines. */
    static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
