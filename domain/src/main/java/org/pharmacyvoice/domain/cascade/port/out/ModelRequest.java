package org.pharmacyvoice.domain.cascade.port.out;

import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** What the language model is given for one reply: its instructions, the tools it may ask for, the conversation. */
public record ModelRequest(String instructions, List<ToolSpec> tools, List<ModelTurn> turns) {

    public ModelRequest {
        Objects.requireNonNull(instructions, "'instructions' must not be null");
        tools = List.copyOf(tools);
        turns = List.copyOf(turns);
    }
}
