package org.pharmacyvoice.adapters.llm;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.pharmacyvoice.domain.tool.ToolCall;

/**
 * Puts a reply's tool calls together from the pieces the stream brings: each piece names its call by {@code index};
 * the first piece of a call usually carries its {@code id} and name, and the arguments text arrives in stretches to
 * be joined in order. A piece without an index (some servers send each call whole, unnumbered) continues the last
 * call unless it brings an id of its own, which starts the next.
 *
 * <p>Bounded: at most {@link #MAX_CALLS} calls and {@link #MAX_ARGUMENT_CHARS} characters of arguments in all, so a
 * server can't make a reply grow without end.
 */
final class ToolCallAssembly {

    /** A voice agent's turn asks for one or two tools; sixteen is a model gone wrong. */
    static final int MAX_CALLS = 16;
    /** Our tools' arguments are a few hundred characters. */
    static final int MAX_ARGUMENT_CHARS = 256 * 1024;

    /** A piece that breaks the bounds or can't be placed; the message says why. */
    static final class Refused extends Exception {
        Refused(String problem) {
            super(problem, null, false, false);
        }
    }

    private static final class Call {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    private final TreeMap<Integer, Call> calls = new TreeMap<>();
    private int argumentChars;
    private int lastIndex = -1;

    void add(Chunk.ToolCallPiece piece) throws Refused {
        int index = piece.index();
        if (index < 0) {
            Call last = calls.get(lastIndex);
            boolean newCall = last == null || (!piece.id().isEmpty() && !last.id.isEmpty()
                    && !last.id.equals(piece.id()));
            index = newCall ? (calls.isEmpty() ? 0 : calls.lastKey() + 1) : lastIndex;
        }
        Call call = calls.get(index);
        if (call == null) {
            if (calls.size() >= MAX_CALLS) {
                throw new Refused("more than " + MAX_CALLS + " tool calls in one reply");
            }
            call = new Call();
            calls.put(index, call);
        }
        lastIndex = index;
        // Some servers repeat the id and name on every piece: the first one stands.
        if (call.id.isEmpty()) {
            call.id = piece.id();
        }
        if (call.name.isEmpty()) {
            call.name = piece.name();
        }
        argumentChars += piece.arguments().length();
        if (argumentChars > MAX_ARGUMENT_CHARS) {
            throw new Refused("tool call arguments of more than " + MAX_ARGUMENT_CHARS + " characters");
        }
        call.arguments.append(piece.arguments());
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * The whole calls, in index order, their arguments read (see {@link ChunkReader#toolCall}). A call the server
     * sent without an id gets one of ours ({@code call_} and 24 hex digits), so that its answer can name it; a call
     * without a name can't be answered sensibly, and refuses the reply.
     */
    List<ToolCall> calls() throws Refused {
        var whole = new ArrayList<ToolCall>(calls.size());
        for (var entry : calls.entrySet()) {
            Call call = entry.getValue();
            if (call.name.isEmpty()) {
                throw new Refused("tool call " + entry.getKey() + " has no function name");
            }
            String id = call.id.isEmpty() ? newId() : call.id;
            whole.add(ChunkReader.toolCall(id, call.name, call.arguments.toString()));
        }
        return whole;
    }

    private static String newId() {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "call_" + HexFormat.of().formatHex(random);
    }
}
