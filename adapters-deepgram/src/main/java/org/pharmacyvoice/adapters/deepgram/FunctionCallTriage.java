package org.pharmacyvoice.adapters.deepgram;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads just the ids and names out of a {@code FunctionCallRequest} that can't be read whole (arguments nested
 * thousands of levels deep, a 2,000-digit number, a duplicate key, text that breaks off), so that each call it
 * names still gets an answer instead of leaving the agent waiting for one. Everything else is skipped by counting
 * brackets: one pass over the text, no recursion, nothing built but the ids and names.
 *
 * <p>Calls count once their id and name were read, even when the text breaks off later (Deepgram writes {@code
 * id} and {@code name} before {@code arguments}); but only in a JSON object whose {@code "type"} is {@code
 * "FunctionCallRequest"}.
 */
final class FunctionCallTriage {

    /** One call's id and name as written, escapes decoded. */
    record NamedCall(String id, String name) {
    }

    private final String text;
    private int at;
    private String type;
    private final List<NamedCall> calls = new ArrayList<>();
    /** The call being read: its id and name once seen, and whether it is ours to answer. */
    private String id;
    private String name;
    private boolean clientSide;

    private FunctionCallTriage(String text) {
        this.text = text;
    }

    /** The client-side calls named in the request in {@code text}, in order; empty when it is no request. */
    static List<NamedCall> calls(String text) {
        var triage = new FunctionCallTriage(text);
        try {
            triage.request();
        } catch (Broken e) {
            if (triage.id != null && triage.name != null && triage.clientSide) {
                triage.calls.add(new NamedCall(triage.id, triage.name));
            }
        }
        return "FunctionCallRequest".equals(triage.type) ? List.copyOf(triage.calls) : List.of();
    }

    /** The text is not what a request looks like, at {@link #at}. */
    private static final class Broken extends Exception {
        Broken() {
            super(null, null, false, false);
        }
    }

    private void request() throws Broken {
        expect('{');
        if (next('}')) {
            return;
        }
        do {
            String key = string();
            expect(':');
            if (key.equals("type") && peek() == '"') {
                type = string();
            } else if (key.equals("functions") && peek() == '[') {
                functions();
            } else {
                skipValue();
            }
        } while (next(','));
        expect('}');
    }

    private void functions() throws Broken {
        expect('[');
        if (next(']')) {
            return;
        }
        do {
            if (peek() != '{') {
                skipValue();
                continue;
            }
            expect('{');
            id = null;
            name = null;
            clientSide = true;
            if (!next('}')) {
                do {
                    String key = string();
                    expect(':');
                    if (key.equals("id") && peek() == '"') {
                        id = string();
                    } else if (key.equals("name") && peek() == '"') {
                        name = string();
                    } else if (key.equals("client_side") && text.startsWith("false", at)) {
                        clientSide = false;
                        skipValue();
                    } else {
                        skipValue();
                    }
                } while (next(','));
                expect('}');
            }
            if (id != null && name != null && clientSide) {
                calls.add(new NamedCall(id, name));
            }
            id = null;
            name = null;
        } while (next(','));
        expect(']');
    }

    /** Past one value of any kind: a string, a bracketed value (by counting brackets), or a bare literal. */
    private void skipValue() throws Broken {
        char c = peek();
        if (c == '"') {
            string();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (at < text.length()) {
                char d = text.charAt(at);
                if (d == '"') {
                    string();
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                }
                at++;
                if (depth == 0) {
                    return;
                }
            }
            throw new Broken();
        }
        int start = at;
        while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        if (at == start) {
            throw new Broken();
        }
    }

    /** A string at {@link #at}, its escapes decoded. */
    private String string() throws Broken {
        expect('"');
        var out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new Broken();
                    }
                    int unit = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(text.charAt(at++), 16);
                        if (digit < 0) {
                            throw new Broken();
                        }
                        unit = unit << 4 | digit;
                    }
                    out.append((char) unit);
                }
                default -> throw new Broken();
            }
        }
        throw new Broken();
    }

    private char peek() throws Broken {
        skipSpace();
        if (at >= text.length()) {
            throw new Broken();
        }
        return text.charAt(at);
    }

    private void expect(char c) throws Broken {
        if (peek() != c) {
            throw new Broken();
        }
        at++;
    }

    /** True (and past it) when {@code c} comes next. */
    private boolean next(char c) throws Broken {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }
}
