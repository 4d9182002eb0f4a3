package org.pharmacyvoice.adapters.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.llm.LanguageModelSettings.Auth;

/** The settings for each kind of service, their URL, and their refusal of what can't work. */
class LanguageModelSettingsTest {

    @Test
    void each_service_gets_its_url_and_auth() {
        assertEquals(URI.create("https://api.openai.com/v1/chat/completions"),
                LanguageModelSettings.openAi("k", "gpt-4o-mini").completionsUrl());
        assertEquals(URI.create("https://api.groq.com/openai/v1/chat/completions"),
                LanguageModelSettings.groq("k", "llama-3.3-70b-versatile").completionsUrl());
        LanguageModelSettings azure = LanguageModelSettings.azure(URI.create("https://contoso.openai.azure.com/"),
                "gpt-4o-mini", "2024-10-21", "k");
        assertEquals(URI.create("https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions"
                + "?api-version=2024-10-21"), azure.completionsUrl());
        assertEquals(Auth.API_KEY, azure.auth());
        LanguageModelSettings local = LanguageModelSettings.local(URI.create("http://localhost:11434/v1/"), "qwen3");
        assertEquals(URI.create("http://localhost:11434/v1/chat/completions"), local.completionsUrl());
        assertTrue(local.hasApiKey(), "a local server needs none");
        assertFalse(LanguageModelSettings.openAi(" ", "m").hasApiKey());
    }

    @Test
    void to_string_never_shows_the_key() {
        String text = LanguageModelSettings.openAi("sk-proj-SECRET123", "gpt-4o-mini").toString();

        assertThat(text, not(containsString("SECRET123")));
        assertThat(text, containsString("apiKey=****"));
        assertThat(text, containsString("model=gpt-4o-mini"));
    }

    @Test
    void auth_names_as_configured() {
        assertEquals(Auth.BEARER, Auth.named("Bearer"));
        assertEquals(Auth.API_KEY, Auth.named("api-key"));
        assertEquals(Auth.NONE, Auth.named(" none "));
        assertThrows(IllegalArgumentException.class, () -> Auth.named("basic"));
    }

    @Test
    void what_cannot_work_is_refused_at_once() {
        var ok = LanguageModelSettings.openAi("k", "m");
        assertThrows(IllegalArgumentException.class, () -> ok.withBaseUrl(URI.create("ftp://x/v1")));
        assertThrows(IllegalArgumentException.class,
                () -> ok.withBaseUrl(URI.create("https://api.openai.com/v1/chat/completions")));
        assertThrows(IllegalArgumentException.class, () -> ok.withBaseUrl(URI.create("https://x/v1?api-version=1")));
        assertThrows(IllegalArgumentException.class, () -> LanguageModelSettings.openAi("k\r\nX-Evil: 1", "m"));
        assertThrows(IllegalArgumentException.class, () -> LanguageModelSettings.openAi("k", " "));
        assertThrows(IllegalArgumentException.class, () -> ok.withTemperature(Optional.of(2.5)));
        assertThrows(IllegalArgumentException.class, () -> ok.withApiVersion("2024-10-21&x=1"));
        assertThrows(IllegalArgumentException.class,
                () -> ok.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> LanguageModelSettings.azure(URI.create("https://x"), "a/b", "2024-10-21", "k"));
    }
}
