package org.pharmacyvoice.adapters.deepgram;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for Deepgram's separate speech services, the cascaded agent's ears and voice: where to connect, the key,
 * the recognition model and turn-taking, the synthesis voice, and the timings. Audio is the phone's 8 kHz μ-law both
 * ways, so encoding and sample rate are not settings.
 *
 * <p>{@link #toString()} never shows the API key, so these settings can be logged.
 */
public record DeepgramSpeechSettings(
        URI listenUrl,
        URI speakUrl,
        String apiKey,
        String listenModel,
        Duration endpointing,
        Duration utteranceEnd,
        String voice,
        Duration connectTimeout,
        Duration keepAliveInterval,
        Duration writeTimeout,
        Duration answerTimeout) {

    /** Deepgram's streaming speech-to-text endpoint. */
    public static final URI DEFAULT_LISTEN_URL = URI.create("wss://api.deepgram.com/v1/listen");
    /** Deepgram's streaming text-to-speech endpoint. */
    public static final URI DEFAULT_SPEAK_URL = URI.create("wss://api.deepgram.com/v1/speak");
    /** Deepgram sends interim results about once a second, so it documents 1,000 ms as the shortest useful gap. */
    static final Duration MIN_UTTERANCE_END = Duration.ofMillis(1000);

    public DeepgramSpeechSettings {
        Objects.requireNonNull(listenUrl, "'listenUrl' must not be null");
        Objects.requireNonNull(speakUrl, "'speakUrl' must not be null");
        Objects.requireNonNull(apiKey, "'apiKey' must not be null");
        Objects.requireNonNull(listenModel, "'listenModel' must not be null");
        Objects.requireNonNull(endpointing, "'endpointing' must not be null");
        Objects.requireNonNull(utteranceEnd, "'utteranceEnd' must not be null");
        Objects.requireNonNull(voice, "'voice' must not be null");
        Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
        Objects.requireNonNull(keepAliveInterval, "'keepAliveInterval' must not be null");
        Objects.requireNonNull(writeTimeout, "'writeTimeout' must not be null");
        Objects.requireNonNull(answerTimeout, "'answerTimeout' must not be null");
        requireWebSocketUrl("listen", listenUrl);
        requireWebSocketUrl("speak", speakUrl);
        requireName("listenModel", listenModel);
        requireName("voice", voice);
        if (endpointing.toMillis() < 10) {
            throw new IllegalArgumentException("endpointing must be at least 10 ms: " + endpointing);
        }
        if (utteranceEnd.compareTo(MIN_UTTERANCE_END) < 0) {
            throw new IllegalArgumentException("utteranceEnd must be at least 1000 ms: " + utteranceEnd);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (keepAliveInterval.toMillis() < 10) {
            throw new IllegalArgumentException("keepAliveInterval must be at least 10 ms: " + keepAliveInterval);
        }
        if (writeTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("writeTimeout must be at least 10 ms: " + writeTimeout);
        }
        if (answerTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("answerTimeout must be at least 10 ms: " + answerTimeout);
        }
    }

    /**
     * The telephony setup: Nova-3 listening, a turn judged ended after 300 ms of silence (endpointing) or a 1 s gap
     * after the last word (utterance end), Aura-2 Thalia speaking; 4 s to connect, a KeepAlive after 4 s without
     * audio (Deepgram closes a stream after 10 s without data), a stream whose socket takes none of our writes for
     * 5 s is lost, and so is a voice that neither sends audio nor answers a Flush or Clear for 10 s.
     */
    public static DeepgramSpeechSettings defaults(String apiKey) {
        return new DeepgramSpeechSettings(DEFAULT_LISTEN_URL, DEFAULT_SPEAK_URL, apiKey, "nova-3",
                Duration.ofMillis(300), Duration.ofMillis(1000), "aura-2-thalia-en", Duration.ofSeconds(4),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** The same settings against other endpoints (a regional or self-hosted one, or fakes in tests). */
    public DeepgramSpeechSettings withUrls(URI listen, URI speak) {
        return new DeepgramSpeechSettings(listen, speak, apiKey, listenModel, endpointing, utteranceEnd, voice,
                connectTimeout, keepAliveInterval, writeTimeout, answerTimeout);
    }

    /** The same settings with another recognition model and voice. */
    public DeepgramSpeechSettings withModels(String listen, String speakVoice) {
        return new DeepgramSpeechSettings(listenUrl, speakUrl, apiKey, listen, endpointing, utteranceEnd,
                speakVoice, connectTimeout, keepAliveInterval, writeTimeout, answerTimeout);
    }

    /** The same settings with other turn-taking: the silence that ends a phrase, and the gap that ends a turn. */
    public DeepgramSpeechSettings withTurnTaking(Duration phraseSilence, Duration turnGap) {
        return new DeepgramSpeechSettings(listenUrl, speakUrl, apiKey, listenModel, phraseSilence, turnGap, voice,
                connectTimeout, keepAliveInterval, writeTimeout, answerTimeout);
    }

    /** The same settings with other timings. */
    public DeepgramSpeechSettings withTimings(Duration connect, Duration keepAlive, Duration write,
                                              Duration answer) {
        return new DeepgramSpeechSettings(listenUrl, speakUrl, apiKey, listenModel, endpointing, utteranceEnd, voice,
                connect, keepAlive, write, answer);
    }

    /** Whether an API key was given at all; without one every stream fails fast. */
    public boolean hasApiKey() {
        return !apiKey.isBlank();
    }

    /** The listen URL with the query that describes the phone's audio and the results we want. */
    URI listenUri() {
        var query = new LinkedHashMap<String, String>();
        query.put("model", listenModel);
        query.put("encoding", "mulaw");
        query.put("sample_rate", "8000");
        query.put("channels", "1");
        query.put("interim_results", "true");
        query.put("endpointing", Long.toString(endpointing.toMillis()));
        query.put("utterance_end_ms", Long.toString(utteranceEnd.toMillis()));
        query.put("vad_events", "true");
        query.put("smart_format", "true");
        query.put("punctuate", "true");
        return withQuery(listenUrl, query);
    }

    /** The speak URL with the query for raw 8 kHz μ-law in the configured voice. */
    URI speakUri() {
        var query = new LinkedHashMap<String, String>();
        query.put("model", voice);
        query.put("encoding", "mulaw");
        query.put("sample_rate", "8000");
        query.put("container", "none");
        return withQuery(speakUrl, query);
    }

    private static URI withQuery(URI base, Map<String, String> query) {
        var text = new StringBuilder(base.toString());
        text.append(base.getRawQuery() == null ? '?' : '&');
        boolean first = true;
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (!first) {
                text.append('&');
            }
            first = false;
            text.append(entry.getKey()).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return URI.create(text.toString());
    }

    private static void requireWebSocketUrl(String which, URI url) {
        String scheme = url.getScheme();
        if (!"wss".equals(scheme) && !"ws".equals(scheme)) {
            throw new IllegalArgumentException("the " + which + " URL must be a ws:// or wss:// URL: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the " + which + " URL has no host: " + url);
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("the " + which + " URL must not have a fragment: " + url);
        }
    }

    private static void requireName(String which, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException(which + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "DeepgramSpeechSettings[listenUrl=" + listenUrl
                + ", speakUrl=" + speakUrl
                + ", apiKey=" + (hasApiKey() ? "****" : "<none>")
                + ", listenModel=" + listenModel
                + ", endpointing=" + endpointing
                + ", utteranceEnd=" + utteranceEnd
                + ", voice=" + voice
                + ", connectTimeout=" + connectTimeout
                + ", keepAliveInterval=" + keepAliveInterval
                + ", writeTimeout=" + writeTimeout
                + ", answerTimeout=" + answerTimeout + "]";
    }
}
