package org.pharmacyvoice.adapters.twilio;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Twilio side is set up: the public URL Twilio reaches us at (when behind a tunnel or proxy), the path of
 * the media stream, what a caller hears when the stream fails, and whether the voice agent can take calls at all.
 */
public record TwilioSettings(
        Optional<URI> publicUrl,
        String mediaStreamPath,
        String apology,
        boolean agentConfigured,
        String notAvailableMessage,
        int maxMessageBytes) {

    public static final String DEFAULT_STREAM_PATH = "/media-stream";

    public TwilioSettings {
        Objects.requireNonNull(publicUrl, "'publicUrl' must not be null");
        Objects.requireNonNull(mediaStreamPath, "'mediaStreamPath' must not be null");
        Objects.requireNonNull(apology, "'apology' must not be null");
        Objects.requireNonNull(notAvailableMessage, "'notAvailableMessage' must not be null");
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
    }

    /** Settings for a server whose agent is configured, with the usual wording. */
    public static TwilioSettings defaults(Optional<URI> publicUrl, boolean agentConfigured) {
        return new TwilioSettings(publicUrl, DEFAULT_STREAM_PATH,
                "We are sorry, the pharmacy assistant could not continue this call. Please call again later.",
                agentConfigured,
                "Thank you for calling. Our phone assistant is not available yet. Please call again later.",
                64 * 1024);
    }
}
