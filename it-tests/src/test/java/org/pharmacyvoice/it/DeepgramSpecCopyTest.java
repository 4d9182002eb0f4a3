package org.pharmacyvoice.it;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class DeepgramSpecCopyTest {

    /** Published in shared/reference/README.md ("Provenance of the Deepgram spec files"). */
    private static final String PUBLISHED_SHA256 = "0863c5a96e880b8aebc5a86600c2e9ab63fb6e0d36ce893c9f37baa298e8a574";

    @Test
    void copiedSpecIsByteIdenticalToThePublishedFile() throws IOException, NoSuchAlgorithmException {
        byte[] bytes;
        try (InputStream in = DeepgramSpecCopyTest.class.getResourceAsStream(DeepgramAgentSpec.MESSAGES_RESOURCE)) {
            bytes = in.readAllBytes();
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(sha256, is(PUBLISHED_SHA256));
    }

    @Test
    void specKnowsExactlyTheNineClientJsonMessageTypes() {
        assertThat(DeepgramAgentSpec.clientMessageTypes(), is(Set.of(
                "Settings", "KeepAlive", "FunctionCallResponse", "UpdatePrompt", "UpdateSpeak", "UpdateThink",
                "UpdateListen", "InjectAgentMessage", "InjectUserMessage")));
    }

    @Test
    void functionCallResponseTypeMapsToTheClientResponseSchema() {
        assertThat(DeepgramAgentSpec.clientMessageForType("FunctionCallResponse").orElseThrow(),
                is(DeepgramAgentSpec.clientToServer("AgentV1SendFunctionCallResponse")));
    }
}
