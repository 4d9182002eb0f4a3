package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeepgramSettingsTest {

    @Test
    void defaultsAreTheTelephonySetup() {
        DeepgramSettings settings = DeepgramSettings.defaults(Fixtures.API_KEY);

        assertThat(settings.agentUrl(), is(URI.create("wss://agent.deepgram.com/v1/agent/converse")));
        assertThat(settings.listenModel(), is("nova-3"));
        assertThat(settings.thinkProvider(), is("open_ai"));
        assertThat(settings.thinkModel(), is("gpt-4o-mini"));
        assertThat(settings.thinkTemperature(), is(0.7));
        assertThat(settings.speakModel(), is("aura-2-thalia-en"));
        assertThat(settings.connectTimeout(), is(Duration.ofSeconds(4)));
        assertThat(settings.keepAliveInterval(), is(Duration.ofSeconds(5)));
    }

    @Test
    void toStringNeverShowsTheApiKey() {
        String text = DeepgramSettings.defaults(Fixtures.API_KEY).toString();

        assertThat(text, not(containsString(Fixtures.API_KEY)));
        assertThat(text, containsString("apiKey=****"));
        assertThat(DeepgramSettings.defaults("").toString(), containsString("apiKey=<none>"));
    }

    @Test
    void onlyWebSocketUrlsAreAccepted() {
        var settings = DeepgramSettings.defaults(Fixtures.API_KEY);

        assertThrows(IllegalArgumentException.class,
                () -> settings.withAgentUrl(URI.create("https://agent.deepgram.com/v1/agent/converse")));
    }

    @Test
    void temperatureOutsideZeroToTwoIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeepgramSettings(DeepgramSettings.DEFAULT_AGENT_URL,
                "k", "nova-3", "open_ai", "gpt-4o-mini", 2.5, "aura-2-thalia-en", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    @Test
    void blankKeyIsAllowedButReportedAsMissing() {
        assertThat(DeepgramSettings.defaults(" ").hasApiKey(), is(false));
        assertThat(DeepgramSettings.defaults(Fixtures.API_KEY).hasApiKey(), is(true));
    }
}
