package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.http.ServerRequest;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Lets through only the requests Twilio signed with our auth token, and logs each one it refuses in a single line
 * that shows neither the token nor the signature. Without an auth token it lets everything through.
 */
final class RequestGuard {

    private static final System.Logger LOG = System.getLogger(RequestGuard.class.getName());
    /** Helidon looks header names up case-insensitively; Twilio sends this one lower-case on WebSocket upgrades. */
    private static final HeaderName SIGNATURE = HeaderNames.create("X-Twilio-Signature");

    private final TwilioSettings settings;
    private final Optional<TwilioSignature> signature;
    private final boolean tokensOnly;

    RequestGuard(TwilioSettings settings) {
        this(settings, settings.authToken().map(TwilioSignature::new), false);
    }

    private RequestGuard(TwilioSettings settings, Optional<TwilioSignature> signature, boolean tokensOnly) {
        this.settings = settings;
        this.signature = signature;
        this.tokensOnly = tokensOnly;
    }

    /**
     * For streams that don't come through Twilio (the browser softphone): the upgrade carries no signature, but every
     * stream must present a one-time token, whether or not Twilio's requests are validated.
     */
    static RequestGuard tokensOnly(TwilioSettings settings) {
        return new RequestGuard(settings, Optional.empty(), true);
    }

    /** Whether requests are checked at all (stream tokens included). */
    boolean enabled() {
        return tokensOnly || signature.isPresent();
    }

    /** A voice webhook or status callback: signed over its URL plus the form parameters of a POST. */
    boolean admitsWebhook(ServerRequest request, WebhookRequest webhook) {
        if (signature.isEmpty()) {
            return true;
        }
        HttpPrologue prologue = request.prologue();
        String rawPath = prologue.uriPath().rawPath();
        List<String> urls = SignedUrls.webhook(settings.publicUrl(), rawPath, rawQuery(prologue),
                SignedUrls.Origin.of(request.headers(), request.isSecure()));
        Optional<String> presented = request.headers().first(SIGNATURE).filter(s -> !s.isEmpty());
        boolean valid = presented.isPresent() && (webhook.posted() && TwilioSignature.signsBody(urls.getFirst())
                ? signature.get().matchesAnyJson(urls, webhook.body(), presented.get())
                : signature.get().matchesAny(urls, webhook.posted() ? webhook.parameters().values() : Map.of(),
                        presented.get()));
        if (!valid) {
            LOG.log(Level.WARNING, "refused {0} {1} from caller {2}: {3} X-Twilio-Signature", prologue.method().text(),
                    rawPath, printable(PhoneNumbers.mask(webhook.parameter("From"))),
                    presented.isPresent() ? "invalid" : "missing");
        }
        return valid;
    }

    /** The media stream's WebSocket upgrade: no query string, signed over the {@code wss://} URL alone. */
    boolean admitsUpgrade(HttpPrologue prologue, Headers headers) {
        if (signature.isEmpty()) {
            return true;
        }
        String rawPath = prologue.uriPath().rawPath();
        if (!rawQuery(prologue).isEmpty()) {
            LOG.log(Level.WARNING, "refused the WebSocket upgrade of {0}: it has a query string, which Twilio never "
                    + "sends", rawPath);
            return false;
        }
        List<String> urls = SignedUrls.mediaStream(settings.publicUrl(), settings.mediaStreamPath(),
                SignedUrls.Origin.of(headers, false));
        Optional<String> presented = headers.first(SIGNATURE).filter(s -> !s.isEmpty());
        boolean valid = presented.isPresent() && signature.get().matchesAny(urls, Map.of(), presented.get());
        if (!valid) {
            LOG.log(Level.WARNING, "refused the WebSocket upgrade of {0}: {1} x-twilio-signature", rawPath,
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
