package org.pharmacyvoice.domain.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** A tool that answers with what it was given, and remembers every run; "explode" as text makes it throw. */
public final class EchoTool implements BusinessTool {

    private final String name;
    private final List<ToolContext> runs = new CopyOnWriteArrayList<>();

    public EchoTool(String name) {
        this.name = name;
    }

    @Override
    public ToolSpec spec() {
        return ToolSpec.of(name, "Repeats its text.", ToolParameter.text("text", "what to repeat"),
                ToolParameter.integer("times", "how often").between(1, 3).optional());
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        runs.add(context);
        String text = arguments.text("text");
        if (text.equals("explode")) {
            throw new IllegalStateException("the echo tool exploded");
        }
        return ToolResult.success("echo", text.repeat((int) (long) arguments.optionalInteger("times").orElse(1L)),
                "caller", context.call().callerNumber());
    }

    public List<ToolContext> runs() {
        return List.copyOf(runs);
    }
}
