package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.app.caller.MulawAudio;

/**
 * The softphone's μ-law codec and resampler (application/src/main/resources/web/mulaw.js) under Node's test runner,
 * and the Java codec of the simulated caller against the same G.711 values.
 */
class BrowserCodecTest {

    @Test
    void theSoftphoneCodecPassesItsNodeTests() throws Exception {
        BrowserTools.requireNode();
        Path log = BrowserTools.OUT_DIR.resolve("mulaw-node-test.log");

        int exit = BrowserTools.run(log, Duration.ofSeconds(60), "node", "--test", "mulaw.test.mjs");

        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(String.join("\n", output), exit, equalTo(0));
        assertThat(output, hasItem("# fail 0"));
        assertThat(output, hasItem("# pass 8"));
    }

    @Test
    void theJavaCodecEncodesTheSameG711BytesAsTheSoftphone() {
        int[][] encoded = {{0, 0xFF}, {-1, 0x7E}, {100, 0xF2}, {-100, 0x72}, {1000, 0xCE}, {-1000, 0x4E},
                {8000, 0xA0}, {-8000, 0x20}, {32767, 0x80}, {-32768, 0x00}};
        for (int[] pair : encoded) {
            assertThat("encode(" + pair[0] + ")", MulawAudio.encode(pair[0]) & 0xFF, equalTo(pair[1]));
        }
        assertThat(MulawAudio.decode((byte) 0x80), equalTo(32124));
        assertThat(MulawAudio.decode((byte) 0xA0), equalTo(7932));
        assertThat(MulawAudio.decode((byte) 0x7E), equalTo(-8));
        assertThat(MulawAudio.decode((byte) 0xFF), equalTo(0));
    }
}
