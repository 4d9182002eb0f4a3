package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedUrlsTest {

    private static final SignedUrls.Origin LOCAL = new SignedUrls.Origin(Optional.empty(), Optional.empty(),
            Optional.of("localhost:8080"), false);

    @Test
    void webhookUrlIsPublicUrlPlusRawPathAndQueryWithAndWithoutTheDefaultPort() {
        var urls = SignedUrls.webhook(Optional.of(URI.create("https://pharmacy.example.com")), "/incoming-call",
                "CallSid=CA1&From=%2B1555", LOCAL);

        assertThat(urls, contains("https://pharmacy.example.com/incoming-call?CallSid=CA1&From=%2B1555",
                "https://pharmacy.example.com:443/incoming-call?CallSid=CA1&From=%2B1555"));
    }

    @Test
    void webhookUrlKeepsThePublicUrlsPortAndPathPrefixAndAlsoTriesWithoutThePort() {
        var urls = SignedUrls.webhook(Optional.of(URI.create("https://example.com:8443/voice/")), "/call-status", "",
                LOCAL);

        assertThat(urls, contains("https://example.com:8443/voice/call-status",
                "https://example.com/voice/call-status"));
    }

    @Test
    void withoutPublicUrlTheWebhookUrlComesFromTheForwardedHeaders() {
        var origin = new SignedUrls.Origin(Optional.of("https, http"), Optional.of("abc.ngrok.app, proxy.local"),
                Optional.of("localhost:8080"), false);

        assertThat(SignedUrls.webhook(Optional.empty(), "/incoming-call", "", origin),
                contains("https://abc.ngrok.app/incoming-call", "https://abc.ngrok.app:443/incoming-call"));
    }

    @Test
    void withoutPublicUrlOrProxyTheWebhookUrlComesFromTheHostHeader() {
        assertThat(SignedUrls.webhook(Optional.empty(), "/incoming-call", "", LOCAL),
                contains("http://localhost:8080/incoming-call", "http://localhost/incoming-call"));
    }

    @Test
    void mediaStreamAcceptanceSetIsTheWssUrlWithAndWithoutSlashAndPort443() {
        var urls = SignedUrls.mediaStream(Optional.of(URI.create("https://voice.example.com/twilio")), "/media",
                LOCAL);

        assertThat(urls, contains("wss://voice.example.com/twilio/media", "wss://voice.example.com/twilio/media/",
                "wss://voice.example.com:443/twilio/media", "wss://voice.example.com:443/twilio/media/"));
    }

    @Test
    void withoutPublicUrlTheMediaStreamUrlIsWssOnTheHostTheUpgradeNamed() {
        assertThat(SignedUrls.mediaStream(Optional.empty(), "/media-stream", LOCAL),
                contains("wss://localhost:8080/media-stream", "wss://localhost:8080/media-stream/",
                        "wss://localhost/media-stream", "wss://localhost/media-stream/"));
    }
}
