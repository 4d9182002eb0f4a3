package org.pharmacyvoice.domain.tool;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * The business tools a call may use: their specs for the agent's briefing, and a safe way to run one, which turns
 * unknown tools, bad arguments and tool crashes into answers the agent can speak instead of dropped calls.
 */
public final class Toolbox {

    private static final System.Logger LOG = System.getLogger(Toolbox.class.getName());
    private static final int MAX_ECHOED_NAME = 64;
    private static final int MAX_LOGGED_PROBLEM = 200;
    private static final int MAX_LISTED_PROBLEMS = 5;

    private final Map<String, BusinessTool> tools = new LinkedHashMap<>();

    /** The same tools and {@code more} after them. */
    public Toolbox with(List<? extends BusinessTool> more) {
        var all = new ArrayList<BusinessTool>(tools.values());
        all.addAll(more);
        return new Toolbox(all);
    }

    public Toolbox(List<? extends BusinessTool> tools) {
        for (BusinessTool tool : tools) {
            String name = tool.spec().name();
            if (this.tools.putIfAbsent(name, tool) != null) {
                throw new IllegalArgumentException("two tools are named " + name);
            }
        }
    }

    /** The specs of all tools, in registration order. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(BusinessTool::spec).toList();
    }

    /** The spec of the tool called {@code name}, if there is one. */
    public Optional<ToolSpec> spec(String name) {
        return Optional.ofNullable(tools.get(name)).map(BusinessTool::spec);
    }

    /** Runs one call for a caller who has proved nothing (tests, tools calling tools). */
    public ToolResult run(ToolCall call, CallContext context) {
        return run(call, context, new CallerIdentity(context.callSid()));
    }

    /** Runs one call for {@code caller} and always returns an answer for the agent. */
    public ToolResult run(ToolCall call, CallContext context, CallerIdentity caller) {
        return run(call, context, caller, CallControl.NONE);
    }

    /** Runs one call for {@code caller}, whose tool may end the call through {@code control}. */
    public ToolResult run(ToolCall call, CallContext context, CallerIdentity caller, CallControl control) {
        Optional<String> unusableId = ToolCall.unusableId(call.id());
        if (unusableId.isPresent()) {
            // The agent adapter refuses such calls itself; this is the domain's own guard for any other adapter.
            LOG.log(Level.WARNING, "[{0}] refused a call of {1}: {2}", context.callSid(),
                    Printable.of(call.toolName(), MAX_ECHOED_NAME), unusableId.get());
            return ToolCall.refusal(unusableId.get());
        }
        BusinessTool tool = tools.get(call.toolName());
        if (tool == null) {
            String name = Printable.of(call.toolName(), MAX_ECHOED_NAME);
            LOG.log(Level.WARNING, "[{0}] agent asked for unknown tool {1}", context.callSid(), name);
            return ToolResult.failure("There is no tool named " + name + ".",
                    "Tell the caller you can't do that by phone, and offer what you can do.");
        }
        if (call.arguments().isEmpty()) {
            // What the arguments say may be about the caller's health: their size and the problem only.
            LOG.log(Level.WARNING, "[{0}] {1} called with unreadable arguments ({2} characters): {3}",
                    context.callSid(), call.toolName(), String.valueOf(call.rawArguments().length()),
                    Printable.of(call.argumentsProblem(), MAX_LOGGED_PROBLEM));
            return ToolResult.failure("The arguments for " + call.toolName() + " were not valid JSON.",
                    "Ask the caller again for: " + describe(tool.spec().parameters()) + ".");
        }
        ToolArguments arguments = call.arguments().get();
        List<String> problems = ArgumentCheck.problems(tool.spec(), arguments);
        if (!problems.isEmpty()) {
            String listed = listed(problems);
            LOG.log(Level.INFO, "[{0}] {1} arguments rejected: {2}", context.callSid(), call.toolName(), listed);
            return ToolResult.failure("The arguments for " + call.toolName() + " were not accepted: "
                            + listed + ".",
                    "Ask the caller for: " + describe(tool.spec().parameters()) + ".");
        }
        try {
            return tool.execute(arguments, new ToolContext(context, call.id(), caller, control));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "[" + context.callSid() + "] tool " + call.toolName() + " failed", e);
            return ToolResult.failure("The pharmacy system could not complete " + call.toolName() + " just now.",
                    "Apologise, and offer to try again or to have a pharmacist call back.");
        }
    }

    /** The first few problems, joined; a flood of undeclared names must not become a flood of text. */
    private static String listed(List<String> problems) {
        String first = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_LISTED_PROBLEMS)));
        return problems.size() <= MAX_LISTED_PROBLEMS ? first
                : first + "; and " + (problems.size() - MAX_LISTED_PROBLEMS) + " more";
    }

    private static String describe(List<ToolParameter> parameters) {
        return parameters.stream()
                .filter(ToolParameter::required)
                .map(p -> p.name() + " (" + p.description() + ")")
                .collect(Collectors.joining(", "));
    }
}
