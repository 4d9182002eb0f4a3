package org.pharmacyvoice.it.load;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a load series does, from system properties ({@code -Dload.calls=100,500 …}; the Maven profile passes its
 * own and anything given with {@code -D} on the Maven command line).
 *
 * @param calls          concurrent calls per run, one run each ({@code load.calls}, default 100,200,300,500,1000,2000)
 * @param steadySeconds  length of the measured steady-state window ({@code load.steady}, default 60)
 * @param warmupSeconds  time after the last call is bridged before measuring ({@code load.warmup}, default 20)
 * @param rampPerSecond  how fast calls are placed ({@code load.ramp}, default 200 a second)
 * @param toolEverySeconds how often each call's agent asks for get_drug_info ({@code load.toolEvery}, default 5)
 * @param serverJvmArgs  the server's JVM flags ({@code load.serverJvm}: space-separated flags, {@code recommended}
 *                       (the default: the flags BENCHMARKS.md recommends) or {@code default} (the JVM's defaults))
 * @param aot            train a JDK AOT cache for the server first and start every run with it ({@code load.aot},
 *                       default true): the start-up BENCHMARKS.md recommends
 * @param jfr            record a JFR profile of the server during the window ({@code load.jfr}, default false)
 * @param traffic        how the fake agent talks ({@code load.traffic}: {@code worst-case}, the default, or
 *                       {@code conversation}; see {@link Traffic}); the comparison takes a comma-separated list
 * @param out            where results go ({@code load.out})
 * @param projectRoot    the repository root, to find the built server ({@code load.root})
 */
record LoadOptions(List<Integer> calls, int steadySeconds, int warmupSeconds, int rampPerSecond, int toolEverySeconds,
                   List<String> serverJvmArgs, boolean aot, boolean jfr, List<Traffic> traffic, Path out,
                   Path projectRoot) {

    /** The flags BENCHMARKS.md recommends for this server on a small machine (plus the AOT cache, see aot). */
    static final String RECOMMENDED_SERVER_JVM = "-XX:+UseG1GC -Xms256m -Xmx1g";

    static LoadOptions fromSystemProperties() {
        String jvm = System.getProperty("load.serverJvm", "recommended").trim();
        jvm = switch (jvm) {
            case "recommended" -> RECOMMENDED_SERVER_JVM;
            case "default" -> "";
            default -> jvm;
        };
        return new LoadOptions(
                Arrays.stream(System.getProperty("load.calls", "100,200,300,500,1000,2000").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                Integer.getInteger("load.steady", 60),
                Integer.getInteger("load.warmup", 20),
                Integer.getInteger("load.ramp", 200),
                Integer.getInteger("load.toolEvery", 5),
                jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")),
                Boolean.parseBoolean(System.getProperty("load.aot", "true")),
                Boolean.getBoolean("load.jfr"),
                Arrays.stream(System.getProperty("load.traffic", "worst-case").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Traffic::parse).toList(),
                Path.of(System.getProperty("load.out", "target/load-results")).toAbsolutePath(),
                Path.of(System.getProperty("load.root", "..")).toAbsolutePath().normalize());
    }

    /** The same options with these server JVM flags added. */
    LoadOptions withServerJvm(String... more) {
        var flags = new java.util.ArrayList<>(serverJvmArgs);
        flags.addAll(List.of(more));
        return new LoadOptions(calls, steadySeconds, warmupSeconds, rampPerSecond, toolEverySeconds, List.copyOf(flags),
                aot, jfr, traffic, out, projectRoot);
    }

    /** A short run of a few calls: long enough to train the AOT cache on real calls. */
    LoadOptions training() {
        return new LoadOptions(calls, 10, 2, rampPerSecond, 2, serverJvmArgs, aot, false, traffic, out, projectRoot);
    }

    /** The same options with this traffic model only. */
    LoadOptions withTraffic(Traffic only) {
        return new LoadOptions(calls, steadySeconds, warmupSeconds, rampPerSecond, toolEverySeconds, serverJvmArgs,
                aot, jfr, List.of(only), out, projectRoot);
    }

    /** The one traffic model of a single run. */
    Traffic trafficModel() {
        return traffic.getFirst();
    }
}
