package org.pharmacyvoice.it.load;

import java.nio.file.Path;
import java.util.List;

/**
 * Which bridge a run measures: the product ({@code java -jar} of the staged jar) or the Node peer
 * ({@code node server.mjs} in a copy of {@code ../shared/peers/node-bridge} with its dependencies installed).
 *
 * @param name    how reports call it
 * @param program the product's jar, or the peer's {@code server.mjs}
 * @param peer    true for the Node peer: no JVM, no database, no jcmd
 * @param moreJvmArgs the product's JVM flags besides the run's ({@code load.productVariants}, to compare settings)
 */
record BridgeUnderTest(String name, Path program, boolean peer, List<String> moreJvmArgs) {

    static BridgeUnderTest product(Path jar) {
        return new BridgeUnderTest("product", jar, false, List.of());
    }

    /** The product with these JVM flags added, named after them. */
    static BridgeUnderTest product(Path jar, String flags) {
        return flags.isBlank() ? product(jar)
                : new BridgeUnderTest("product " + flags.trim(), jar, false, List.of(flags.trim().split("\\s+")));
    }

    static BridgeUnderTest nodePeer(Path serverScript) {
        return new BridgeUnderTest("node peer", serverScript, true, List.of());
    }
}
