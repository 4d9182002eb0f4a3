package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;

/** REST settings refuse what cannot work and never show the secret; the create form is encoded as Twilio reads it. */
class TwilioRestSettingsTest {

    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final String KEY = "SK" + "0123456789abcdef".repeat(2);

    @Test
    void theAuthTokenAuthenticatesAsTheAccountAgainstTwilio() {
        TwilioRestSettings settings = TwilioRestSettings.withAuthToken(ACCOUNT, "token-1234");

        assertEquals(ACCOUNT, settings.username());
        assertEquals(URI.create("https://api.twilio.com"), settings.apiBase());
        assertEquals(3, settings.retries());
    }

    @Test
    void neitherTheTokenNorTheKeySecretIsShown() {
        assertThat(TwilioRestSettings.withAuthToken(ACCOUNT, "token-1234").toString(), not(containsString("token-1234")));
        String withKey = TwilioRestSettings.withApiKey(ACCOUNT, KEY, "key-secret-5678").toString();
        assertThat(withKey, not(containsString("key-secret-5678")));
        assertThat(withKey, containsString(KEY));
    }

    @Test
    void whatCannotWorkIsRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> TwilioRestSettings.withAuthToken("AC123", "token"));
        assertThrows(IllegalArgumentException.class, () -> TwilioRestSettings.withAuthToken(ACCOUNT, " "));
        assertThrows(IllegalArgumentException.class, () -> TwilioRestSettings.withApiKey(ACCOUNT, "AK123", "secret"));
        TwilioRestSettings settings = TwilioRestSettings.withAuthToken(ACCOUNT, "token");
        assertThrows(IllegalArgumentException.class, () -> settings.withApiBase(URI.create("ftp://api.twilio.com")));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withApiBase(URI.create("https://user:pw@api.twilio.com")));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withRetries(Duration.ofSeconds(5), 11, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withRetries(Duration.ofMillis(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }
}
