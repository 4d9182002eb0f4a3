package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.common.buffers.BufferData;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final FrameAssembler frames = new FrameAssembler();

    @Test
    void wholeTextMessagePassesStraightThrough() {
        assertThat(frames.text("{\"type\":\"AgentAudioDone\"}", true), is(Optional.of("{\"type\":\"AgentAudioDone\"}")));
    }

    @Test
    void textFragmentsAreJoinedWhenTheLastOneArrives() {
        assertThat(frames.text("{\"type\":", false), is(Optional.empty()));
        assertThat(frames.text("\"Agent", false), is(Optional.empty()));
        assertThat(frames.text("AudioDone\"}", true), is(Optional.of("{\"type\":\"AgentAudioDone\"}")));
        assertThat(frames.text("next", true), is(Optional.of("next")));
    }

    @Test
    void binaryFragmentsAreJoinedAndCopiedOutOfHelidonsBuffer() {
        BufferData first = BufferData.create(new byte[] {1, 2, 3});
        BufferData last = BufferData.create(new byte[] {4, 5});

        assertThat(frames.binary(first, false), is(Optional.empty()));
        byte[] whole = frames.binary(last, true).orElseThrow();

        assertThat(whole, is(new byte[] {1, 2, 3, 4, 5}));
        assertThat(frames.binary(BufferData.create(new byte[] {9}), true).orElseThrow(), is(new byte[] {9}));
    }
}
