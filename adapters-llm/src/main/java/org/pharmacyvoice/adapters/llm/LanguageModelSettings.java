package org.pharmacyvoice.adapters.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Chat Completions API is, how to sign in to it, which model to ask, and how long to wait for it: one
 * record for OpenAI, Azure OpenAI, Groq and a local server (Ollama, vLLM, llama.cpp), which differ only in these.
 *
 * <p>{@code baseUrl} is everything before {@code /chat/completions} ({@code https://api.openai.com/v1}, or Azure's
 * {@code https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT}); {@code apiVersion}, when present, is
 * sent as Azure's {@code ?api-version=} query. {@code temperature} is left out of the request when empty (some
 * reasoning models accept only their default).
 *
 * <p>The timeouts: {@code connect} for the TCP and TLS handshake; {@code firstByte} from sending the request to the
 * first line of the answer (the model reads the whole conversation first); {@code idle} between two lines after
 * that; {@code reply} for the whole reply, however steadily it streams.
 *
 * <p>{@link #toString()} never shows the API key, so these settings can be logged.
 */
public record LanguageModelSettings(
        URI baseUrl,
        Auth auth,
        String apiKey,
        String model,
        Optional<String> apiVersion,
        Optional<Double> temperature,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration replyTimeout) {

    /** How the API key travels. */
    public enum Auth {
        /** {@code Authorization: Bearer KEY}: OpenAI, Groq, vLLM and most others. */
        BEARER,
        /** {@code api-key: KEY}: Azure OpenAI's key header. */
        API_KEY,
        /** No key at all: a local server. */
        NONE;

        /** {@code bearer}, {@code api-key} or {@code none}, in any case (as written in configuration). */
        public static Auth named(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "bearer" -> BEARER;
                case "api-key", "api_key", "apikey" -> API_KEY;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException(
                        "the model's auth is bearer, api-key or none, not: " + name);
            };
        }
    }

    public static final URI OPENAI_URL = URI.create("https://api.openai.com/v1");
    public static final URI GROQ_URL = URI.create("https://api.groq.com/openai/v1");
    /** Connect, first line, between lines, whole reply: see {@link #defaults}. */
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration FIRST_BYTE = Duration.ofSeconds(8);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration REPLY = Duration.ofSeconds(30);

    public LanguageModelSettings {
        Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
        Objects.requireNonNull(auth, "'auth' must not be null");
        Objects.requireNonNull(apiKey, "'apiKey' must not be null");
        Objects.requireNonNull(model, "'model' must not be null");
        Objects.requireNonNull(apiVersion, "'apiVersion' must not be null");
        Objects.requireNonNull(temperature, "'temperature' must not be null");
        Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
        Objects.requireNonNull(firstByteTimeout, "'firstByteTimeout' must not be null");
        Objects.requireNonNull(idleTimeout, "'idleTimeout' must not be null");
        Objects.requireNonNull(replyTimeout, "'replyTimeout' must not be null");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("the model's base URL must be an http:// or https:// URL: " + baseUrl);
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the model's base URL has no host: " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("the model's base URL takes no query or fragment (the API version is "
                    + "a setting of its own): " + baseUrl);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        if (path.endsWith("/chat/completions") || path.endsWith("/chat/completions/")) {
            throw new IllegalArgumentException("the model's base URL ends before /chat/completions: " + baseUrl);
        }
        // A key is sent as a header: a line break in it would start a header of its own.
        for (int i = 0; i < apiKey.length(); i++) {
            if (Character.isISOControl(apiKey.charAt(i))) {
                throw new IllegalArgumentException("the model's API key holds a control character");
            }
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("the model's name must not be blank");
        }
        apiVersion.ifPresent(version -> {
            if (!version.matches("[A-Za-z0-9._-]{1,40}")) {
                throw new IllegalArgumentException("not an API version: " + version);
            }
        });
        temperature.ifPresent(value -> {
            if (!(value >= 0 && value <= 2)) {
                throw new IllegalArgumentException("the model's temperature must be between 0 and 2: " + value);
            }
        });
        positive("connectTimeout", connectTimeout);
        positive("firstByteTimeout", firstByteTimeout);
        positive("idleTimeout", idleTimeout);
        positive("replyTimeout", replyTimeout);
    }

    private static void positive(String name, Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms: " + timeout);
        }
    }

    /**
     * {@code model} at {@code baseUrl}, signed in as {@code auth} says, at temperature 0.7; 3 s to connect, 8 s to
     * the first line of the answer, at most 5 s between lines, 30 s for the whole reply. A caller on the phone
     * hears each of these waits as silence, so they are short: a reply that misses one is better replaced by an
     * apology than waited for.
     */
    public static LanguageModelSettings defaults(URI baseUrl, Auth auth, String apiKey, String model) {
        return new LanguageModelSettings(baseUrl, auth, apiKey, model, Optional.empty(), Optional.of(0.7),
                CONNECT, FIRST_BYTE, IDLE, REPLY);
    }

    /** OpenAI's API with a Bearer key. */
    public static LanguageModelSettings openAi(String apiKey, String model) {
        return defaults(OPENAI_URL, Auth.BEARER, apiKey, model);
    }

    /** Groq's OpenAI-compatible API with a Bearer key. */
    public static LanguageModelSettings groq(String apiKey, String model) {
        return defaults(GROQ_URL, Auth.BEARER, apiKey, model);
    }

    /**
     * An Azure OpenAI deployment: {@code endpoint} is the resource's ({@code https://RESOURCE.openai.azure.com}),
     * the key goes in the {@code api-key} header, and {@code apiVersion} in the query; the deployment names the model.
     */
    public static LanguageModelSettings azure(URI endpoint, String deployment, String apiVersion, String apiKey) {
        if (!deployment.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("not an Azure deployment name: " + deployment);
        }
        String root = endpoint.toString().replaceAll("/+$", "");
        return defaults(URI.create(root + "/openai/deployments/" + deployment), Auth.API_KEY, apiKey, deployment)
                .withApiVersion(apiVersion);
    }

    /** A server on this machine or network that wants no key (Ollama's {@code http://localhost:11434/v1}, vLLM). */
    public static LanguageModelSettings local(URI baseUrl, String model) {
        return defaults(baseUrl, Auth.NONE, "", model);
    }

    /** The same settings against another base URL (a proxy, a region, or a fake in tests). */
    public LanguageModelSettings withBaseUrl(URI url) {
        return new LanguageModelSettings(url, auth, apiKey, model, apiVersion, temperature, connectTimeout,
                firstByteTimeout, idleTimeout, replyTimeout);
    }

    /** The same settings with these timeouts. */
    public LanguageModelSettings withTimeouts(Duration connect, Duration firstByte, Duration idle, Duration reply) {
        return new LanguageModelSettings(baseUrl, auth, apiKey, model, apiVersion, temperature, connect, firstByte,
                idle, reply);
    }

    /** The same settings, sending this {@code temperature}, or none when empty. */
    public LanguageModelSettings withTemperature(Optional<Double> value) {
        return new LanguageModelSettings(baseUrl, auth, apiKey, model, apiVersion, value, connectTimeout,
                firstByteTimeout, idleTimeout, replyTimeout);
    }

    /** The same settings with Azure's {@code api-version} query parameter. */
    public LanguageModelSettings withApiVersion(String version) {
        return new LanguageModelSettings(baseUrl, auth, apiKey, model, Optional.of(version), temperature,
                connectTimeout, firstByteTimeout, idleTimeout, replyTimeout);
    }

    /** Whether a key is needed and was given: without one every reply fails at once. */
    public boolean hasApiKey() {
        return auth == Auth.NONE || !apiKey.isBlank();
    }

    /** Where replies are asked for: the base URL, {@code /chat/completions}, and the API version if any. */
    public URI completionsUrl() {
        String root = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(root + "/chat/completions" + apiVersion.map(version -> "?api-version=" + version).orElse(""));
    }

    @Override
    public String toString() {
        return "LanguageModelSettings[baseUrl=" + baseUrl
                + ", auth=" + auth
                + ", apiKey=" + (apiKey.isBlank() ? "<none>" : "****")
                + ", model=" + model
                + ", apiVersion=" + apiVersion.orElse("<none>")
                + ", temperature=" + temperature.map(String::valueOf).orElse("<default>")
                + ", connectTimeout=" + connectTimeout
                + ", firstByteTimeout=" + firstByteTimeout
                + ", idleTimeout=" + idleTimeout
                + ", replyTimeout=" + replyTimeout + "]";
    }
}
