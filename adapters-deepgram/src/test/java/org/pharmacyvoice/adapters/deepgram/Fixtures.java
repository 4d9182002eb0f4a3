package org.pharmacyvoice.adapters.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** Shared test values: a call, a pharmacy briefing with three tools, and settings pointing at a fake. */
final class Fixtures {

    static final String API_KEY = "dg-test-key-5f1e9c0b7a3d";
    static final CallContext CALL = new CallContext("CA0123456789abcdef0123456789abcdef",
            "MZ0123456789abcdef0123456789abcdef", "+15551234567", "+15557654321");
    static final String PROMPT = "You are a friendly pharmacy assistant.";
    static final String GREETING = "Hello! How can I help you today?";

    private Fixtures() {
    }

    static ToolSpec drugInfo() {
        return ToolSpec.of("get_drug_info", "Get detailed information about a specific drug.",
                ToolParameter.text("drug_name", "The name of the drug").maxLength(80));
    }

    static ToolSpec placeOrder() {
        return ToolSpec.of("place_order", "Place a new prescription order for the caller.",
                        ToolParameter.text("customer_name", "The caller's full name, as spelled"),
                        ToolParameter.text("drug_name", "The drug to order"),
                        ToolParameter.integer("quantity", "How many packs").between(1, 10),
                        ToolParameter.text("delivery", "How the caller gets it").oneOf("pickup", "mail").optional(),
                        ToolParameter.flag("urgent", "Whether it is needed today").optional())
                .deferredUntilEndOfTurn();
    }

    static ToolSpec lookupOrder() {
        return ToolSpec.of("lookup_order", "Look up an existing order by its number.",
                ToolParameter.integer("order_id", "The order number"));
    }

    static AgentBriefing briefing() {
        return new AgentBriefing(PROMPT, GREETING, List.of(drugInfo(), placeOrder(), lookupOrder()), List.of());
    }

    static AgentBriefing briefingWithHistory() {
        return new AgentBriefing(PROMPT, "", List.of(drugInfo()), List.of(
                new ConversationLine(Speaker.CALLER, "Is my order ready?"),
                new ConversationLine(Speaker.AGENT, "Let me check that for you.")));
    }

    /** Settings against {@code url}: a 3 s connect timeout and keep-alives too rare to show up in a test. */
    static DeepgramSettings settings(URI url) {
        return DeepgramSettings.defaults(API_KEY).withAgentUrl(url)
                .withTimings(Duration.ofSeconds(3), Duration.ofMinutes(1));
    }
}
