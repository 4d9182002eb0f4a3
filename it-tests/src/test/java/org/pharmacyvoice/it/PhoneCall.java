package org.pharmacyvoice.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * One phone call into a running pharmacy, from a given number, in which the fake agent runs the server's tools the
 * way Deepgram would; for tests that need orders placed the real way before they look at them another way.
 */
final class PhoneCall implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeTwilioCaller caller;
    private final AgentConnection agent;

    private PhoneCall(FakeTwilioCaller caller, AgentConnection agent) {
        this.caller = caller;
        this.agent = agent;
    }

    static PhoneCall from(RunningPharmacy pharmacy, String callerNumber) {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        caller.startCall(Map.of("From", callerNumber, "To", "+15550001111"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        return new PhoneCall(caller, agent);
    }

    /** Runs one tool through the agent and returns the content of its FunctionCallResponse, as JSON. */
    JsonObject run(String tool, String argumentsJson) {
        var call = FunctionCall.of(tool, argumentsJson);
        agent.requestFunctions(call);
        String content = agent.awaitFunctionResponse(call.id(), WAIT).getString("content");
        try (var reader = Json.createReader(new StringReader(content))) {
            return reader.readObject();
        }
    }

    /** Places an order and returns its id. */
    long placeOrder(String customer, String drug, int quantity) {
        JsonObject placed = run("place_order", "{\"customer_name\":\"" + customer + "\",\"drug_name\":\"" + drug
                + "\",\"quantity\":" + quantity + "}");
        return placed.getJsonNumber("order_id").longValueExact();
    }

    @Override
    public void close() {
        caller.sendStop();
        agent.awaitClosed(WAIT);
        caller.close();
    }
}
