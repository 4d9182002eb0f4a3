package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;

/**
 * REST settings refuse what cannot work and never show the secret; the create form is encoded as Twilio reads it,
 * with the webhooks under PUBLIC_URL; the last words are escaped TwiML.
 */
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

    @Test
    void theCreateFormEncodesPlusSignsAddressesTheWebhooksUnderTheBaseAndRepeatsTheStatusEvents() {
        CallRequest request = new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(30), 17, 2);

        // A raw "+" in a form body reads as a space: the numbers must arrive as %2B.
        assertEquals("To=%2B15551234567&From=%2B15559870000"
                + "&Url=https%3A%2F%2Fv.example.com%2Fvoice%2Foutbound%2Fanswer%3Fnotification%3D17%26attempt%3D2"
                + "&Method=POST"
                + "&StatusCallback=https%3A%2F%2Fv.example.com%2Fvoice%2Foutbound%2Fstatus%3Fnotification%3D17"
                + "%26attempt%3D2"
                + "&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=answered"
                + "&StatusCallbackEvent=completed&StatusCallbackMethod=POST&MachineDetection=DetectMessageEnd"
                + "&AsyncAmd=true"
                + "&AsyncAmdStatusCallback=https%3A%2F%2Fv.example.com%2Fvoice%2Foutbound%2Fmachine%3Fnotification"
                + "%3D17%26attempt%3D2"
                + "&AsyncAmdStatusCallbackMethod=POST&Timeout=30",
                TwilioCallPlacer.form(request, SignedUrls.base(URI.create("https://v.example.com/voice/"))));
    }

    @Test
    void placingCallsNeedsThePublicUrlTheirWebhooksAreAddressedUnder() {
        TwilioRestSettings rest = TwilioRestSettings.withAuthToken(ACCOUNT, "token");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TwilioVoice.phoneNetwork(rest, TwilioSettings.defaults(Optional.empty())));

        assertThat(refused.getMessage(), containsString("placing calls needs PUBLIC_URL"));
        assertInstanceOf(TwilioCallPlacer.class, TwilioVoice.phoneNetwork(rest,
                TwilioSettings.defaults(Optional.of(URI.create("https://v.example.com")))));
    }

    @Test
    void theLastWordsAreEscapedAndNothingIsSaidWhenThereAreNone() {
        assertEquals("<Response><Say>Dana &amp; Co: call &lt;555&gt; &quot;now&quot;</Say><Hangup/></Response>",
                TwilioCallPlacer.lastWords("Dana & Co: call <555> \"now\""));
        assertEquals("<Response><Hangup/></Response>", TwilioCallPlacer.lastWords(""));
    }
}
