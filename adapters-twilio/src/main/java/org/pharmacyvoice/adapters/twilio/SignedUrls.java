package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The URLs Twilio may have signed for a request that reached us. Twilio signs the URL it called, which behind a
 * tunnel or proxy is not the one we see: PUBLIC_URL is the reliable source, the forwarded or Host headers the
 * fallback.
 */
final class SignedUrls {

    private SignedUrls() {
    }

    /** Where a request says it came in: the headers a proxy sets, and whether it reached us over TLS. */
    record Origin(Optional<String> forwardedProto, Optional<String> forwardedHost, Optional<String> host,
                  boolean tls) {

        static Origin of(Headers headers, boolean tls) {
            return new Origin(headers.first(HeaderNames.X_FORWARDED_PROTO),
                    headers.first(HeaderNames.X_FORWARDED_HOST), headers.first(HeaderNames.HOST), tls);
        }
    }

    /**
     * A webhook: PUBLIC_URL (or the scheme and host the request came in on) plus the raw path and raw query, exactly
     * as received, with and without the default port.
     */
    static List<String> webhook(Optional<URI> publicUrl, String rawPath, String rawQuery, Origin origin) {
        String base = publicUrl.map(SignedUrls::base).orElseGet(() -> {
            String proto = origin.forwardedProto().map(SignedUrls::firstValue)
                    .orElse(origin.tls() ? "https" : "http");
            String scheme = proto.toLowerCase(Locale.ROOT).equals("https") ? "https" : "http";
            String authority = origin.forwardedHost().map(SignedUrls::firstValue)
                    .or(() -> origin.host().map(String::trim))
                    .orElse("localhost");
            return scheme + "://" + authority;
        });
        String url = base + rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return TwilioSignature.portVariants(url);
    }

    /**
     * The media stream's upgrade: the {@code wss://} URL our TwiML gave Twilio, with and without a trailing slash and
     * an explicit {@code :443} (Twilio's handshake signature is known to include the slash at least sometimes).
     */
    static List<String> mediaStream(Optional<URI> publicUrl, String streamPath, Origin origin) {
        // Twilio connects over wss only, so without PUBLIC_URL or a proxy header TLS is assumed.
        String streamUrl = StreamUrl.of(publicUrl, streamPath, origin.forwardedProto(), origin.forwardedHost(),
                origin.host(), true);
        var urls = new LinkedHashSet<String>();
        for (String url : TwilioSignature.portVariants(streamUrl)) {
            urls.add(url);
            urls.add(url + "/");
        }
        return new ArrayList<>(urls);
    }

    /**
     * PUBLIC_URL as the start of every webhook address, without a trailing slash: the addresses we give Twilio are
     * built on it, and the signatures of its requests are checked against it.
     */
    static String base(URI publicUrl) {
        String prefix = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath().replaceAll("/+$", "");
        return publicUrl.getScheme() + "://" + publicUrl.getRawAuthority() + prefix;
    }

    private static String firstValue(String header) {
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
