package org.pharmacyvoice.adapters.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server reaches Twilio's REST API to place calls: the account, the credentials (the account's auth token,
 * or an API key SID and its secret), the API base URL (Twilio's, or a fake in tests), and how long and how often
 * to try.
 *
 * <p>{@link #toString()} never shows the secret, so these settings can be logged.
 *
 * @param accountSid     the account the calls are placed in and billed to (AC…)
 * @param username       the Basic auth user: the account SID with an auth token, or an API key SID (SK…)
 * @param secret         the auth token, or the API key's secret
 * @param apiBase        scheme, host and port of the API, without a path
 * @param requestTimeout how long one request may take, connecting included
 * @param retries        how many times a failed request is tried again (0: once only)
 * @param firstBackoff   the wait before the first retry; each further retry waits twice as long
 * @param maxRetryAfter  the longest a 429's {@code Retry-After} is honoured; longer waits end the attempt instead
 */
public record TwilioRestSettings(String accountSid, String username, String secret, URI apiBase,
        Duration requestTimeout, int retries, Duration firstBackoff, Duration maxRetryAfter) {

    public static final URI DEFAULT_API_BASE = URI.create("https://api.twilio.com");
    /** Twilio answers a Calls create in well under a second; 10 s leaves room for a slow network. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);

    public TwilioRestSettings {
        Objects.requireNonNull(accountSid, "'accountSid' must not be null");
        Objects.requireNonNull(username, "'username' must not be null");
        Objects.requireNonNull(secret, "'secret' must not be null");
        Objects.requireNonNull(apiBase, "'apiBase' must not be null");
        Objects.requireNonNull(requestTimeout, "'requestTimeout' must not be null");
        Objects.requireNonNull(firstBackoff, "'firstBackoff' must not be null");
        Objects.requireNonNull(maxRetryAfter, "'maxRetryAfter' must not be null");
        if (!accountSid.matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits");
        }
        if (!username.equals(accountSid) && !username.matches("SK[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("the Twilio API key SID must look like SK followed by 32 hex digits");
        }
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the Twilio auth token or API key secret must not be blank");
        }
        if (!"https".equals(apiBase.getScheme()) && !"http".equals(apiBase.getScheme())) {
            throw new IllegalArgumentException("the Twilio API base must be an http(s) URL: " + apiBase);
        }
        if (apiBase.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Twilio API base must not carry credentials");
        }
        if (requestTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("requestTimeout must be at least 100 ms: " + requestTimeout);
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be between 0 and 10: " + retries);
        }
        if (firstBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoff and maxRetryAfter must not be negative");
        }
    }

    /** Authenticating with the account's auth token, against Twilio, with the default timeouts and retries. */
    public static TwilioRestSettings withAuthToken(String accountSid, String authToken) {
        return new TwilioRestSettings(accountSid, accountSid, authToken, DEFAULT_API_BASE, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_RETRIES, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_RETRY_AFTER);
    }

    /** Authenticating with an API key (revocable on its own), against Twilio, with the default timeouts and retries. */
    public static TwilioRestSettings withApiKey(String accountSid, String keySid, String keySecret) {
        return new TwilioRestSettings(accountSid, keySid, keySecret, DEFAULT_API_BASE, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_RETRIES, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_RETRY_AFTER);
    }

    /** The same settings against another API base, e.g. a fake Twilio in tests. */
    public TwilioRestSettings withApiBase(URI base) {
        return new TwilioRestSettings(accountSid, username, secret, base, requestTimeout, retries, firstBackoff,
                maxRetryAfter);
    }

    /** The same settings with other timeouts and retries. */
    public TwilioRestSettings withRetries(Duration timeout, int count, Duration backoff, Duration retryAfterCap) {
        return new TwilioRestSettings(accountSid, username, secret, apiBase, timeout, count, backoff, retryAfterCap);
    }

    @Override
    public String toString() {
        return "TwilioRestSettings[accountSid=" + accountSid
                + ", username=" + (username.equals(accountSid) ? "<account>" : username)
                + ", secret=****, apiBase=" + apiBase
                + ", requestTimeout=" + requestTimeout + ", retries=" + retries + ", firstBackoff=" + firstBackoff
                + ", maxRetryAfter=" + maxRetryAfter + "]";
    }
}
