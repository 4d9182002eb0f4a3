package org.pharmacyvoice.adapters.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the account's auth token, over the URL exactly as
 * requested followed by every parameter name and value sorted by name (repeated names kept, their values sorted).
 */
final class TwilioSignature {

    private static final String ALGORITHM = "HmacSHA1";
    private static final String BODY_HASH_PARAMETER = "bodySHA256";

    private final SecretKeySpec key;

    TwilioSignature(String authToken) {
        Objects.requireNonNull(authToken, "'authToken' must not be null");
        if (authToken.isBlank()) {
            throw new IllegalArgumentException("the auth token must not be blank");
        }
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature Twilio sends for this URL and these parameters; a null value counts as empty. */
    String sign(String url, Map<String, ? extends Collection<String>> parameters) {
        return sign(newMac(), url, signedParameters(parameters));
    }

    /** Exact check of a form or query request: the signature of exactly this URL and these parameters. */
    boolean matches(String url, Map<String, ? extends Collection<String>> parameters, String signature) {
        return matchesAny(List.of(url), parameters, signature);
    }

    /**
     * Exact check of a JSON request: Twilio puts the body's SHA-256 into the URL as {@code bodySHA256} and signs the
     * URL alone; both the signature and the hash must match.
     */
    boolean matchesJson(String url, byte[] body, String signature) {
        return matchesAnyJson(List.of(url), body, signature);
    }

    /**
     * True when the signature matches any of the URLs; every URL is checked so the time taken says nothing. The
     * parameters are sorted and joined once and only the HMAC is computed per URL: a forged request costs one sort
     * and a few HMACs over its body, however many URLs it might have been signed for.
     */
    boolean matchesAny(Collection<String> urls, Map<String, ? extends Collection<String>> parameters,
                       String signature) {
        if (isEmpty(signature)) {
            return false;
        }
        byte[] signed = signedParameters(parameters);
        Mac mac = newMac();
        boolean any = false;
        for (String url : urls) {
            any |= sameText(sign(mac, url, signed), signature);
        }
        return any;
    }

    /** {@link #matchesAny} for JSON requests; the body is hashed once. */
    boolean matchesAnyJson(Collection<String> urls, byte[] body, String signature) {
        if (isEmpty(signature)) {
            return false;
        }
        String bodyHash = sha256Hex(body);
        Mac mac = newMac();
        boolean any = false;
        for (String url : urls) {
            String claimedHash = queryValue(url, BODY_HASH_PARAMETER);
            if (claimedHash != null) {
                boolean signed = sameText(sign(mac, url, new byte[0]), signature);
                boolean hashed = sameText(bodyHash, claimedHash);
                any |= signed & hashed;
            }
        }
        return any;
    }

    /** Whether the URL's query carries {@code bodySHA256}, i.e. the request is signed as a JSON request. */
    static boolean signsBody(String url) {
        return queryValue(url, BODY_HASH_PARAMETER) != null;
    }

    /**
     * The URL as given, then with the scheme's default port made explicit, then without any port or user info:
     * Twilio strips ports and credentials from HTTPS voice callback URLs before signing, but keeps them elsewhere,
     * so validators try each.
     */
    static List<String> portVariants(String url) {
        var variants = new LinkedHashSet<String>();
        variants.add(url);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd > 0) {
            String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            int authorityStart = schemeEnd + 3;
            int authorityEnd = authorityEnd(url, authorityStart);
            String authority = url.substring(authorityStart, authorityEnd);
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            int portStart = portSeparator(hostAndPort);
            String host = portStart < 0 ? hostAndPort : hostAndPort.substring(0, portStart);
            String prefix = url.substring(0, authorityStart);
            String rest = url.substring(authorityEnd);
            int defaultPort = switch (scheme) {
                case "https", "wss" -> 443;
                case "http", "ws" -> 80;
                default -> -1;
            };
            if (portStart < 0 && defaultPort > 0) {
                variants.add(prefix + host + ":" + defaultPort + rest);
            }
            variants.add(prefix + host + rest);
        }
        return new ArrayList<>(variants);
    }

    private static int authorityEnd(String url, int from) {
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }

    /** Index of the ':' before the port, or -1; the colons inside an IPv6 literal don't count. */
    private static int portSeparator(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return colon > hostAndPort.lastIndexOf(']') ? colon : -1;
    }

    /** Every parameter name and value, sorted by name (repeated names kept, their values sorted), as signed. */
    private static byte[] signedParameters(Map<String, ? extends Collection<String>> parameters) {
        var data = new StringBuilder();
        new TreeMap<String, Collection<String>>(parameters).forEach((name, values) -> values.stream()
                .map(value -> value == null ? "" : value)
                .sorted()
                .forEach(value -> data.append(name).append(value)));
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(Mac mac, String url, byte[] signedParameters) {
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(signedParameters)); // doFinal readies it for the next
    }

    /** A Mac is not thread-safe, so each check gets its own; setting one up is cheap next to the HMACs. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    private static String queryValue(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        int fragment = url.indexOf('#', query);
        String raw = url.substring(query + 1, fragment < 0 ? url.length() : fragment);
        for (String pair : raw.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    /** Constant-time comparison, so the time taken does not tell how much of a forged signature was right. */
    private static boolean sameText(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
