package org.pharmacyvoice.adapters.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Twilio side is set up: the public URL Twilio reaches us at (when behind a tunnel or proxy), the path of
 * the media stream, what a caller hears when the stream fails or no agent can take the call, and the auth token that Twilio's requests are checked against (none: nothing is checked).
 *
 * <p>{@link #toString()} never shows the auth token, so these settings can be logged.
 */
public record TwilioSettings(
        Optional<URI> publicUrl,
        String mediaStreamPath,
        String apology,
        String notAvailableMessage,
        int maxMessageBytes,
        Optional<String> authToken,
        Duration streamTokenLifetime,
        Optional<String> pharmacistNumber,
        String transferMessage,
        String busyMessage,
        Duration writeTimeout) {

    public static final String DEFAULT_STREAM_PATH = "/media-stream";
    /** Twilio opens the stream within a second or two of receiving our TwiML. */
    public static final Duration DEFAULT_STREAM_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /**
     * A write to a stream that reads (Twilio buffers what it will play) finishes within a round trip, or a few
     * retransmissions on a bad network; one blocked for 5 s means the peer stopped reading.
     */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);

    public TwilioSettings {
        Objects.requireNonNull(publicUrl, "'publicUrl' must not be null");
        Objects.requireNonNull(mediaStreamPath, "'mediaStreamPath' must not be null");
        Objects.requireNonNull(apology, "'apology' must not be null");
        Objects.requireNonNull(notAvailableMessage, "'notAvailableMessage' must not be null");
        Objects.requireNonNull(authToken, "'authToken' must not be null");
        Objects.requireNonNull(streamTokenLifetime, "'streamTokenLifetime' must not be null");
        Objects.requireNonNull(pharmacistNumber, "'pharmacistNumber' must not be null");
        Objects.requireNonNull(transferMessage, "'transferMessage' must not be null");
        Objects.requireNonNull(busyMessage, "'busyMessage' must not be null");
        Objects.requireNonNull(writeTimeout, "'writeTimeout' must not be null");
        if (writeTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("writeTimeout must be at least 10 ms: " + writeTimeout);
        }
        pharmacistNumber.ifPresent(number -> {
            if (!number.matches("\\+?[0-9]{3,15}")) {
                throw new IllegalArgumentException("PHARMACIST_NUMBER must be a phone number like +15551234567");
            }
        });
        if (!mediaStreamPath.startsWith("/")) {
            throw new IllegalArgumentException("the media stream path starts with '/': " + mediaStreamPath);
        }
        publicUrl.ifPresent(url -> {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("PUBLIC_URL must be an http(s) URL: " + url);
            }
        });
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes is too small: " + maxMessageBytes);
        }
        if (authToken.isPresent() && authToken.get().isBlank()) {
            throw new IllegalArgumentException("the Twilio auth token must not be blank; leave it out instead");
        }
        if (streamTokenLifetime.isNegative() || streamTokenLifetime.isZero()) {
            throw new IllegalArgumentException("streamTokenLifetime must be positive: " + streamTokenLifetime);
        }
    }

    /** Settings for a server whose agent is configured, with the usual wording and no request validation. */
    public static TwilioSettings defaults(Optional<URI> publicUrl) {
        return new TwilioSettings(publicUrl, DEFAULT_STREAM_PATH,
                "We are sorry, the pharmacy assistant could not continue this call. Please call again later.",
                "Thank you for calling. Our phone assistant is not available yet. Please call again later.",
                64 * 1024,
                Optional.empty(),
                DEFAULT_STREAM_TOKEN_LIFETIME,
                Optional.empty(),
                "We are sorry, the pharmacy assistant could not continue this call. Please hold while we connect "
                        + "you to a pharmacist.",
                "Thank you for calling the pharmacy. All our lines are busy right now. Please call again in a few "
                        + "minutes.",
                DEFAULT_WRITE_TIMEOUT);
    }

    /** The same settings, checking every Twilio request against this auth token (empty: checking nothing). */
    public TwilioSettings withAuthToken(Optional<String> token) {
        return new TwilioSettings(publicUrl, mediaStreamPath, apology, notAvailableMessage,
                maxMessageBytes, token, streamTokenLifetime, pharmacistNumber, transferMessage, busyMessage, writeTimeout);
    }

    /** The same settings with another lifetime for the one-time stream tokens. */
    public TwilioSettings withStreamTokenLifetime(Duration lifetime) {
        return new TwilioSettings(publicUrl, mediaStreamPath, apology, notAvailableMessage,
                maxMessageBytes, authToken, lifetime, pharmacistNumber, transferMessage, busyMessage, writeTimeout);
    }

    /** The same settings, handing calls the agent can't finish to this number (empty: apologise and hang up). */
    public TwilioSettings withPharmacist(Optional<String> number) {
        return new TwilioSettings(publicUrl, mediaStreamPath, apology, notAvailableMessage,
                maxMessageBytes, authToken, streamTokenLifetime, number, transferMessage, busyMessage, writeTimeout);
    }

    /** The same settings, cutting a stream whose socket has taken none of our writes for this long. */
    public TwilioSettings withWriteTimeout(Duration timeout) {
        return new TwilioSettings(publicUrl, mediaStreamPath, apology, notAvailableMessage,
                maxMessageBytes, authToken, streamTokenLifetime, pharmacistNumber, transferMessage, busyMessage,
                timeout);
    }

    /** Whether Twilio's signatures and the stream tokens are checked. */
    public boolean validatesRequests() {
        return authToken.isPresent();
    }

    @Override
    public String toString() {
        return "TwilioSettings[publicUrl=" + publicUrl.map(TwilioSettings::withoutUserInfo).orElse("<none>")
                + ", mediaStreamPath=" + mediaStreamPath
                + ", maxMessageBytes=" + maxMessageBytes
                + ", authToken=" + (authToken.isPresent() ? "****" : "<none>")
                + ", streamTokenLifetime=" + streamTokenLifetime
                + ", pharmacist=" + (pharmacistNumber.isPresent() ? "set" : "<none>")
                + ", writeTimeout=" + writeTimeout + "]";
    }

    private static String withoutUserInfo(URI url) {
        String text = url.toString();
        return url.getRawUserInfo() == null ? text : text.replace(url.getRawUserInfo() + "@", "****@");
    }
}
