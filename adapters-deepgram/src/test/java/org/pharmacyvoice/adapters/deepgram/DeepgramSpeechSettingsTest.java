package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeepgramSpeechSettingsTest {

    private final DeepgramSpeechSettings defaults = DeepgramSpeechSettings.defaults(Fixtures.API_KEY);

    @Test
    void defaultsAreTheTelephonySetup() {
        assertThat(defaults.listenUrl(), is(URI.create("wss://api.deepgram.com/v1/listen")));
        assertThat(defaults.speakUrl(), is(URI.create("wss://api.deepgram.com/v1/speak")));
        assertThat(defaults.listenModel(), is("nova-3"));
        assertThat(defaults.voice(), is("aura-2-thalia-en"));
        assertThat(defaults.endpointing(), is(Duration.ofMillis(300)));
        assertThat(defaults.utteranceEnd(), is(Duration.ofSeconds(1)));
        assertThat(defaults.keepAliveInterval(), is(Duration.ofSeconds(4)));
    }

    @Test
    void theUrlsCarryTheQueryForPhoneAudio() {
        assertThat(defaults.listenUri(), is(URI.create("wss://api.deepgram.com/v1/listen?model=nova-3&encoding=mulaw"
                + "&sample_rate=8000&channels=1&interim_results=true&endpointing=300&utterance_end_ms=1000"
                + "&vad_events=true&smart_format=true&punctuate=true")));
        assertThat(defaults.speakUri(), is(URI.create("wss://api.deepgram.com/v1/speak?model=aura-2-thalia-en"
                + "&encoding=mulaw&sample_rate=8000&container=none")));
        assertThat(defaults.withUrls(URI.create("wss://dg.example/v1/listen?tag=pharmacy"), defaults.speakUrl())
                .withModels("nova 3&x=y", "aura-2-thalia-en").listenUri().toString(),
                is("wss://dg.example/v1/listen?tag=pharmacy&model=nova+3%26x%3Dy&encoding=mulaw&sample_rate=8000"
                        + "&channels=1&interim_results=true&endpointing=300&utterance_end_ms=1000&vad_events=true"
                        + "&smart_format=true&punctuate=true"));
    }

    @Test
    void toStringNeverShowsTheApiKey() {
        assertThat(defaults.toString(), not(containsString(Fixtures.API_KEY)));
        assertThat(defaults.toString(), containsString("apiKey=****"));
        assertThat(DeepgramSpeechSettings.defaults("").toString(), containsString("apiKey=<none>"));
    }

    @Test
    void badValuesAreRefused() {
        URI http = URI.create("https://api.deepgram.com/v1/listen");
        assertThrows(IllegalArgumentException.class, () -> defaults.withUrls(http, defaults.speakUrl()));
        assertThrows(IllegalArgumentException.class, () -> defaults.withUrls(defaults.listenUrl(),
                URI.create("wss://api.deepgram.com/v1/speak#x")));
        assertThrows(IllegalArgumentException.class, () -> defaults.withModels(" ", "aura-2-thalia-en"));
        assertThrows(IllegalArgumentException.class, () -> defaults.withModels("nova-3", ""));
        assertThrows(IllegalArgumentException.class,
                () -> defaults.withTurnTaking(Duration.ofMillis(300), Duration.ofMillis(999)));
        assertThrows(IllegalArgumentException.class,
                () -> defaults.withTurnTaking(Duration.ofMillis(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTimings(Duration.ZERO,
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTimings(Duration.ofSeconds(4),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofMillis(1)));
    }
}
