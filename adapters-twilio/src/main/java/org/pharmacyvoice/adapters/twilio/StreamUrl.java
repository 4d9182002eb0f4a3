package org.pharmacyvoice.adapters.twilio;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Works out the {@code wss://} URL Twilio must open for the media stream: from PUBLIC_URL when it is set (the only
 * trustworthy source behind tunnels and proxies), otherwise from the webhook request's forwarded or Host headers.
 */
final class StreamUrl {

    /** Anything else in a Host header is a mistake or an attack, and must not end up in our TwiML. */
    private static final Pattern HOST_AND_PORT =
            Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

    private StreamUrl() {
    }

    static String of(Optional<URI> publicUrl, String path, Optional<String> forwardedProto,
                     Optional<String> forwardedHost, Optional<String> host, boolean requestWasTls) {
        if (publicUrl.isPresent()) {
            URI base = publicUrl.get();
            String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
            String authority = base.getRawAuthority();
            String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            return scheme + "://" + authority + prefix + path;
        }
        String proto = forwardedProto.map(StreamUrl::firstValue).orElse(requestWasTls ? "https" : "http");
        String scheme = proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("wss") ? "wss" : "ws";
        String authority = forwardedHost.map(StreamUrl::firstValue)
                .or(() -> host.map(String::trim))
                .filter(value -> HOST_AND_PORT.matcher(value).matches())
                .orElse("localhost");
        return scheme + "://" + authority + path;
    }

    private static String firstValue(String header) {
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
