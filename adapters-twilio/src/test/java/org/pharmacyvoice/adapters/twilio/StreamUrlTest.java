package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamUrlTest {

    private static final Optional<String> NONE = Optional.empty();

    @Test
    void publicUrlWinsOverHeadersAndHttpsBecomesWss() {
        String url = StreamUrl.of(Optional.of(URI.create("https://pharmacy.example.com")), "/media-stream",
                Optional.of("http"), Optional.of("evil.example"), Optional.of("localhost:8080"), false);

        assertThat(url, equalTo("wss://pharmacy.example.com/media-stream"));
    }

    @Test
    void publicUrlKeepsItsPortAndPathPrefix() {
        String url = StreamUrl.of(Optional.of(URI.create("https://example.com:8443/voice/")), "/media-stream",
                NONE, NONE, NONE, false);

        assertThat(url, equalTo("wss://example.com:8443/voice/media-stream"));
    }

    @Test
    void forwardedHeadersFromATunnelGiveWss() {
        String url = StreamUrl.of(Optional.empty(), "/media-stream", Optional.of("https, http"),
                Optional.of("abc.ngrok.app, proxy.local"), Optional.of("localhost:8080"), false);

        assertThat(url, equalTo("wss://abc.ngrok.app/media-stream"));
    }

    @Test
    void plainHostHeaderOverHttpGivesWs() {
        String url = StreamUrl.of(Optional.empty(), "/media-stream", NONE, NONE, Optional.of("127.0.0.1:8080"), false);

        assertThat(url, equalTo("ws://127.0.0.1:8080/media-stream"));
    }

    @Test
    void hostHeaderWithMarkupIsNotTrusted() {
        String url = StreamUrl.of(Optional.empty(), "/media-stream", NONE, NONE,
                Optional.of("x\"><Dial>+1900</Dial>"), true);

        assertThat(url, equalTo("wss://localhost/media-stream"));
    }
}
