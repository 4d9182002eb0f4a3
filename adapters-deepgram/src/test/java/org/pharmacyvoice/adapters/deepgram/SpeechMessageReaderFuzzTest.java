package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.reference.StrictJson;

/**
 * The speech reader against the independent {@link StrictJson} reader: real listen and speak messages, randomly
 * mutated, are malformed exactly when the reference refuses them, read the same however they are spelled otherwise,
 * and never throw.
 */
class SpeechMessageReaderFuzzTest {

    private static final List<String> LISTEN = List.of(
            "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":1.5,\"start\":0.0,\"is_final\":true,"
                    + "\"speech_final\":true,\"channel\":{\"alternatives\":[{\"transcript\":\"Is my refill ready?\","
                    + "\"confidence\":0.97,\"words\":[]}]},\"metadata\":{\"request_id\":\"r\"}}",
            "{\"type\":\"Results\",\"is_final\":false,\"channel\":{\"alternatives\":[{\"transcript\":\"Is my\"}]}}",
            "{\"type\":\"SpeechStarted\",\"channel\":[0],\"timestamp\":0.52}",
            "{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":2.1}",
            "{\"type\":\"Metadata\",\"request_id\":\"r\",\"duration\":3.2,\"channels\":1}");
    private static final List<String> SPEAK = List.of(
            "{\"type\":\"Flushed\",\"sequence_id\":0}",
            "{\"type\":\"Cleared\",\"sequence_id\":1}",
            "{\"type\":\"Warning\",\"description\":\"Too many flushes\",\"code\":\"FLUSH_LIMIT\"}",
            "{\"type\":\"Metadata\",\"request_id\":\"r\",\"model_name\":\"aura-2-thalia-en\"}");

    @Property(tries = 2000)
    void aMutatedListenMessageIsMalformedExactlyWhenTheReferenceRefusesIt(@ForAll("mutatedListen") String text) {
        SpeechMessage actual = SpeechMessageReader.listen(text);
        Optional<Object> reference = StrictJson.parse(text);

        if (reference.isEmpty()) {
            assertThat(text, actual, instanceOf(SpeechMessage.Malformed.class));
        } else if (!(actual instanceof SpeechMessage.Malformed)) {
            assertThat(text, actual, equalTo(SpeechMessageReader.listen(StrictJson.write(reference.get()))));
        }
    }

    @Property(tries = 1000)
    void aMutatedSpeakMessageIsMalformedExactlyWhenTheReferenceRefusesIt(@ForAll("mutatedSpeak") String text) {
        SpeechMessage actual = SpeechMessageReader.speak(text);
        Optional<Object> reference = StrictJson.parse(text);

        if (reference.isEmpty()) {
            assertThat(text, actual, instanceOf(SpeechMessage.Malformed.class));
        } else if (!(actual instanceof SpeechMessage.Malformed)) {
            assertThat(text, actual, equalTo(SpeechMessageReader.speak(StrictJson.write(reference.get()))));
        }
    }

    @Test
    void theUnmutatedMessagesMeanWhatTheySay() {
        assertThat(SpeechMessageReader.listen(LISTEN.get(0)),
                is(new SpeechMessage.Recognised(new Heard.Final("Is my refill ready?", true))));
        assertThat(SpeechMessageReader.listen(LISTEN.get(1)),
                is(new SpeechMessage.Recognised(new Heard.Interim("Is my"))));
        assertThat(SpeechMessageReader.listen(LISTEN.get(2)),
                is(new SpeechMessage.Recognised(new Heard.SpeechStarted())));
        assertThat(SpeechMessageReader.listen(LISTEN.get(3)), is(new SpeechMessage.Recognised(new Heard.EndOfTurn())));
        assertThat(SpeechMessageReader.listen(LISTEN.get(4)), is(new SpeechMessage.Informational("Metadata")));
        assertThat(SpeechMessageReader.speak(SPEAK.get(0)), is(new SpeechMessage.Flushed()));
        assertThat(SpeechMessageReader.speak(SPEAK.get(1)), is(new SpeechMessage.Cleared()));
        assertThat(SpeechMessageReader.speak(SPEAK.get(2)),
                is(new SpeechMessage.Warning("Warning", "FLUSH_LIMIT", "Too many flushes")));
        assertThat(SpeechMessageReader.speak(SPEAK.get(3)), is(new SpeechMessage.Informational("Metadata")));
    }

    @Provide
    Arbitrary<String> mutatedListen() {
        return mutated(LISTEN);
    }

    @Provide
    Arbitrary<String> mutatedSpeak() {
        return mutated(SPEAK);
    }

    /** A message with a few characters replaced, inserted or deleted, some of them JSON's own. */
    private static Arbitrary<String> mutated(List<String> messages) {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '0',
                '-', 'e', 't', 'u', ' ', '\u0000', '\ud800'), Arbitraries.chars().ascii());
        Arbitrary<int[]> edit = Arbitraries.integers().between(0, 2).array(int[].class).ofSize(1);
        return Combinators.combine(Arbitraries.of(messages), Arbitraries.integers().between(0, 10_000).list()
                .ofMinSize(1).ofMaxSize(4), chars.list().ofSize(4), edit).as((message, positions, inserts, kind) -> {
                    var text = new StringBuilder(message);
                    for (int i = 0; i < positions.size(); i++) {
                        int at = positions.get(i) % (text.length() + 1);
                        switch ((kind[0] + i) % 3) {
                            case 0 -> text.insert(at, inserts.get(i));
                            case 1 -> {
                                if (at < text.length()) {
                                    text.deleteCharAt(at);
                                }
                            }
                            default -> {
                                if (at < text.length()) {
                                    text.setCharAt(at, inserts.get(i));
                                }
                            }
                        }
                    }
                    return text.toString();
                });
    }
}
