package org.pharmacyvoice.it.load;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** What one run at N concurrent calls measured; renders itself as a Markdown table and a CSV row. */
record RunResult(
        int calls,
        int connected,
        int bridged,
        int aliveAtWindowEnd,
        double rampSeconds,
        double windowSeconds,
        Startup startup,
        Latency callerToAgent,
        Latency agentToCaller,
        Latency tools,
        Latency pacerLag,
        Frames callerFrames,
        Frames agentFrames,
        ToolCounts toolCounts,
        Resources resources,
        Gc gc,
        Problems problems,
        List<String> serverJvmArgs) {

    /** Milliseconds from starting the server process to each step of the first call. */
    record Startup(double webhookMs, double streamOpenMs, double callAcceptedMs, double firstAudioMs) {
    }

    /** A latency distribution in milliseconds. */
    record Latency(long count, double p50, double p99, double p999, double max, double mean) {
        static Latency of(Histogram micros) {
            return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
                    micros.getMaxValue() / 1000.0, micros.getMean() / 1000.0);
        }
    }

    /** Frames in one direction over the whole run. */
    record Frames(long sent, long received, long lost, long reordered) {
    }

    record ToolCounts(long requested, long answered, long failed, long unanswered) {
    }

    /**
     * CPU in cores (1.0 = one core busy all window), memory in KiB: RSS and the live heap (after a forced full GC),
     * both idle (after start-up, no calls) and at steady state.
     */
    record Resources(double serverCores, double serverKernelCores, double generatorCores,
                     double generatorKernelCores, double machineBusyPercent, double stealPercent,
                     long rssIdleKb, long rssKb, long peakRssKb, long liveHeapIdleKb, long liveHeapKb,
                     int threadsIdle, int threads, long serverContextSwitches) {
    }

    /** Stop-the-world pauses in the window; heap sizes in MiB as the GC log reports them. */
    record Gc(int pauses, double totalMs, double maxMs, double meanHeapAfterMb, long heapCommittedMb) {
    }

    record Problems(long droppedCalls, long droppedConversations, long crossTalk, long badFrames,
                    long unexpectedMessages, long failedDials,
                    long marksEchoed, long clears, long keepAlives) {
    }

    /** CPU that processes other than the server and the generator took during the window, in % of the machine. */
    double otherProcessesPercent() {
        double ours = 50 * (resources.serverCores() + resources.generatorCores());
        return Math.max(0, resources.machineBusyPercent() - ours);
    }

    /** CPU taken by other processes or by the hypervisor (steal): how much the run was disturbed. */
    double disturbancePercent() {
        return otherProcessesPercent() + resources.stealPercent();
    }

    /** Messages the server forwarded in the window, both ways (each one received by the generator in time). */
    long messagesForwarded() {
        return callerToAgent.count() + agentToCaller.count();
    }

    /** Server CPU time (user + system, from /proc) per forwarded message, in µs. */
    double cpuMicrosPerMessage() {
        long messages = messagesForwarded();
        return messages == 0 ? 0 : resources.serverCores() * windowSeconds * 1e6 / messages;
    }

    /** The server's context switches (all threads, /proc) per forwarded message in the window. */
    double contextSwitchesPerMessage() {
        long messages = messagesForwarded();
        return messages == 0 ? 0 : (double) resources.serverContextSwitches() / messages;
    }

    double rssPerCallKb() {
        return calls == 0 ? 0 : (double) resources.rssKb() / calls;
    }

    double addedRssPerCallKb() {
        return calls == 0 ? 0 : (double) (resources.rssKb() - resources.rssIdleKb()) / calls;
    }

    double addedLiveHeapPerCallKb() {
        return calls == 0 ? 0 : (double) (resources.liveHeapKb() - resources.liveHeapIdleKb()) / calls;
    }

    String markdown() {
        var md = new StringBuilder();
        md.append(f("### %d concurrent calls%n%n", calls));
        md.append("| measure | value |\n|---|---|\n");
        row(md, "calls connected / bridged to the agent", f("%d / %d (placed at %.0f calls/s in %.1f s)", connected,
                bridged, rampSeconds > 0 ? connected / rampSeconds : 0, rampSeconds));
        row(md, "steady-state window; calls still up at its end", f("%.0f s; %d", windowSeconds, aliveAtWindowEnd));
        row(md, "caller → agent added latency p50 / p99 / p99.9 / max", latency(callerToAgent));
        row(md, "agent → caller added latency p50 / p99 / p99.9 / max", latency(agentToCaller));
        row(md, "frames caller → agent: sent / received / not delivered / reordered", frames(callerFrames));
        row(md, "frames agent → caller: sent / received / not delivered / reordered", frames(agentFrames));
        row(md, "tool calls (get_drug_info): requested / answered / failed / unanswered",
                f("%d / %d / %d / %d", toolCounts.requested(), toolCounts.answered(), toolCounts.failed(),
                        toolCounts.unanswered()));
        row(md, "tool-call latency p50 / p99 / max", f("%.1f / %.1f / %.1f ms", tools.p50(), tools.p99(), tools.max()));
        row(md, "server CPU (2 cores = 200 %), of which in the kernel", f("%.0f %% (%.0f %%)",
                resources.serverCores() * 100, resources.serverKernelCores() * 100));
        row(md, "server CPU per forwarded message; context switches per message", f("%.1f µs; %.2f",
                cpuMicrosPerMessage(), contextSwitchesPerMessage()));
        row(md, "load generator CPU, of which in the kernel", f("%.0f %% (%.0f %%)", resources.generatorCores() * 100,
                resources.generatorKernelCores() * 100));
        row(md, "whole machine busy (all processes) / steal / other processes", f("%.0f %% / %.1f %% / %.0f %%",
                resources.machineBusyPercent(), resources.stealPercent(), otherProcessesPercent()));
        row(md, "server RSS idle → steady (peak)", f("%.0f → %.0f MiB (%.0f MiB)", resources.rssIdleKb() / 1024.0,
                resources.rssKb() / 1024.0, resources.peakRssKb() / 1024.0));
        row(md, "RSS per call: total / added", f("%.0f KiB / %.0f KiB", rssPerCallKb(), addedRssPerCallKb()));
        row(md, "live heap after full GC idle → steady; added per call", f("%.1f → %.1f MiB; %.1f KiB",
                resources.liveHeapIdleKb() / 1024.0, resources.liveHeapKb() / 1024.0, addedLiveHeapPerCallKb()));
        row(md, "GC pauses in window: count / total / max", f("%d / %.0f ms / %.1f ms", gc.pauses(), gc.totalMs(),
                gc.maxMs()));
        row(md, "heap after young GC (mean) / committed", f("%.0f MiB / %d MiB", gc.meanHeapAfterMb(),
                gc.heapCommittedMb()));
        row(md, "server threads idle → steady (OS threads)", f("%d → %d", resources.threadsIdle(),
                resources.threads()));
        row(md, "start-up: webhook answered / stream open / call accepted / first audio at agent",
                f("%.0f / %.0f / %.0f / %.0f ms", startup.webhookMs(), startup.streamOpenMs(),
                        startup.callAcceptedMs(), startup.firstAudioMs()));
        row(md, "pacer lateness p99 / max (generator health)", f("%.2f / %.1f ms", pacerLag.p99(), pacerLag.max()));
        row(md, "calls cut off by the server: media streams / agent conversations", f("%d / %d",
                problems.droppedCalls(), problems.droppedConversations()));
        row(md, "cross-talk / bad frames / unexpected messages / failed dials", f("%d / %d / %d / %d",
                problems.crossTalk(), problems.badFrames(), problems.unexpectedMessages(), problems.failedDials()));
        row(md, "marks echoed / clears / keep-alives", f("%d / %d / %d", problems.marksEchoed(), problems.clears(),
                problems.keepAlives()));
        row(md, "server JVM flags", serverJvmArgs.isEmpty() ? "(JVM defaults)"
                : "`" + String.join(" ", serverJvmArgs) + "`");
        return md.toString();
    }

    static String csvHeader() {
        return "calls,c2a_p50,c2a_p99,c2a_p999,c2a_max,a2c_p50,a2c_p99,a2c_p999,a2c_max,lost_c2a,reordered_c2a,"
                + "lost_a2c,reordered_a2c,tool_p50,tool_p99,tool_failed,tool_unanswered,server_cpu,generator_cpu,"
                + "machine_busy,rss_mb,rss_per_call_kb,live_heap_per_call_kb,gc_pauses,gc_max_ms,threads,"
                + "startup_accept_ms,dropped,other_processes,steal,alive";
    }

    String csvRow() {
        return f("%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%.3f,%.3f,%d,%d,%.3f,%.3f,%.1f,%.1f,%.1f,%.1f,"
                        + "%d,%.2f,%d,%.0f,%d,%.1f,%.1f,%d",
                calls, callerToAgent.p50(), callerToAgent.p99(), callerToAgent.p999(), callerToAgent.max(),
                agentToCaller.p50(), agentToCaller.p99(), agentToCaller.p999(), agentToCaller.max(),
                callerFrames.lost(), callerFrames.reordered(), agentFrames.lost(), agentFrames.reordered(),
                tools.p50(), tools.p99(), toolCounts.failed(), toolCounts.unanswered(), resources.serverCores(),
                resources.generatorCores(), resources.machineBusyPercent(), resources.rssKb() / 1024.0,
                rssPerCallKb(), addedLiveHeapPerCallKb(), gc.pauses(), gc.maxMs(), resources.threads(),
                startup.callAcceptedMs(), problems.droppedCalls(), otherProcessesPercent(), resources.stealPercent(),
                aliveAtWindowEnd);
    }

    private static String latency(Latency l) {
        return f("%.2f / %.2f / %.2f / %.1f ms (%,d frames)", l.p50(), l.p99(), l.p999(), l.max(), l.count());
    }

    private static String frames(Frames frames) {
        return f("%,d / %,d / %d / %d", frames.sent(), frames.received(), frames.lost(), frames.reordered());
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
