package org.pharmacyvoice.it.load;

import java.nio.file.Path;

/**
 * Which bridge a run measures: the product ({@code java -jar} of the staged jar) or the Node peer
 * ({@code node server.mjs} in a copy of {@code ../shared/peers/node-bridge} with its dependencies installed).
 *
 * @param name    how reports call it
 * @param program the product's jar, or the peer's {@code server.mjs}
 * @param peer    true for the Node peer: no JVM, no database, no jcmd
 */
record BridgeUnderTest(String name, Path program, boolean peer) {

    static BridgeUnderTest product(Path jar) {
        return new BridgeUnderTest("product", jar, false);
    }

    static BridgeUnderTest nodePeer(Path serverScript) {
        return new BridgeUnderTest("node peer", serverScript, true);
    }
}
