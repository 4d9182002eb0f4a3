package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings the server may log carry no secret, and the Twilio auth token reaches the Twilio adapter. */
class ServerSettingsSecretsTest {

    private static final String API_KEY = "dg-secret-key-1234567890";
    private static final String AUTH_TOKEN = "twilio-secret-token-abcdef";

    @Test
    void toStringShowsNeitherTheApiKeyNorTheAuthTokenNorTheDatabasePasswordNorTheStaffToken() {
        ServerSettings settings = TestSettings.of(Map.of("deepgram.api.key", API_KEY, "twilio.auth.token", AUTH_TOKEN,
                "db.password", "db-secret-pw", "public.url", "https://user:url-secret@pharmacy.example.com",
                "staff.token", "staff-secret-9876"));

        String text = settings.toString() + " " + settings.twilio() + " " + settings.deepgram();

        assertThat(text, not(containsString(API_KEY)));
        assertThat(text, not(containsString(AUTH_TOKEN)));
        assertThat(text, not(containsString("db-secret-pw")));
        assertThat(text, not(containsString("url-secret")));
        assertThat(text, not(containsString("staff-secret-9876")));
        assertThat(text, containsString("staffToken=****"));
        assertThat(text, containsString("twilioAuthToken=****"));
        assertThat(text, containsString("authToken=****"));
    }

    @Test
    void theAuthTokenAndTheTokenLifetimeReachTheTwilioSettings() {
        ServerSettings settings = TestSettings.of(Map.of("twilio.auth.token", " " + AUTH_TOKEN + " ",
                "twilio.stream.token.ttl", "30"));

        assertThat(settings.twilio().authToken(), equalTo(Optional.of(AUTH_TOKEN)));
        assertThat(settings.twilio().streamTokenLifetime(), equalTo(Duration.ofSeconds(30)));
        assertThat(settings.twilioAuthTokenSet(), is(true));
        assertThat("a server checking Twilio's signatures faces the internet", settings.facesTwilio(), is(true));
    }

    @Test
    void withoutAnAuthTokenNothingIsValidatedAndTokensLiveSixtySeconds() {
        ServerSettings settings = TestSettings.of(Map.of());

        assertThat(settings.facesTwilio(), is(false));
        assertThat(settings.staffToken(), equalTo(Optional.empty()));

        assertThat(settings.twilio().validatesRequests(), is(false));
        assertThat(settings.twilio().streamTokenLifetime(), equalTo(Duration.ofSeconds(60)));
        assertThat(settings.twilioAuthTokenSet(), is(false));
    }
}
