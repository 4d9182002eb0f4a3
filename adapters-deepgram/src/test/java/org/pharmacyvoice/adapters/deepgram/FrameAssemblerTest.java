package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import io.helidon.common.buffers.BufferData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final List<String> dropped = new ArrayList<>();
    private final FrameAssembler frames = new FrameAssembler(dropped::add);
    private final FrameAssembler small = new FrameAssembler(10, 8, dropped::add);

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

    @Test
    void messagesUpToTheBoundPass() {
        assertThat(small.text("12345", false), is(Optional.empty()));
        assertThat(small.text("67890", true), is(Optional.of("1234567890")));
        assertThat(small.binary(BufferData.create(new byte[8]), true).orElseThrow(), is(new byte[8]));
        assertThat(dropped, empty());
    }

    @Test
    void aFragmentedTextMessageOverTheBoundIsDroppedWholeAndReportedOnce() {
        assertThat(small.text("123456", false), is(Optional.empty()));
        assertThat(small.text("789012", false), is(Optional.empty()));
        assertThat(small.text("more", false), is(Optional.empty()));
        assertThat(small.text("end", true), is(Optional.empty()));

        assertThat(small.text("next", true), is(Optional.of("next")));
        assertThat(dropped, contains("a text message of more than 10 characters"));
    }

    @Test
    void aSingleTextFrameOverTheBoundIsDropped() {
        assertThat(small.text("12345678901", true), is(Optional.empty()));
        assertThat(small.text("ok", true), is(Optional.of("ok")));
        assertThat(dropped, contains("a text message of more than 10 characters"));
    }

    @Test
    void aFragmentedBinaryMessageOverTheBoundIsDroppedWholeAndReportedOnce() {
        assertThat(small.binary(BufferData.create(new byte[] {1, 2, 3, 4, 5}), false), is(Optional.empty()));
        assertThat(small.binary(BufferData.create(new byte[] {6, 7, 8, 9}), false), is(Optional.empty()));
        assertThat(small.binary(BufferData.create(new byte[] {10}), true), is(Optional.empty()));

        assertThat(small.binary(BufferData.create(new byte[] {42}), true).orElseThrow(), is(new byte[] {42}));
        assertThat(dropped, contains("a binary message of more than 8 bytes"));
    }

    @Test
    void theDefaultBoundIsOneMebibyteEachWay() {
        String half = "x".repeat(FrameAssembler.MAX_TEXT_CHARS / 2);
        assertThat(frames.text(half, false), is(Optional.empty()));
        assertThat(frames.text(half, true).orElseThrow().length(), is(FrameAssembler.MAX_TEXT_CHARS));
        assertThat(frames.text(half, false), is(Optional.empty()));
        assertThat(frames.text(half + "x", true), is(Optional.empty()));
        assertThat(frames.binary(BufferData.create(new byte[FrameAssembler.MAX_BINARY_BYTES + 1]), true),
                is(Optional.empty()));
        assertThat(dropped, contains("a text message of more than 1048576 characters",
                "a binary message of more than 1048576 bytes"));
    }
}
