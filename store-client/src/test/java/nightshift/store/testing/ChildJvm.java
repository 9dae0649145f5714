package nightshift.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a real child JVM on the test classpath: for processes to kill, to limit the heap of, or to race. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Process start(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The child's TestServer is this JVM's: the same server (nightshift.test.url or .dir), the same settings.
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("nightshift.test.") && jvmOptions.stream().noneMatch(o -> o.startsWith("-D" + name + "="))) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store settings a child needs, as arguments: url, user, password file (or "-"). */
    public static String[] storeArgs(nightshift.store.StoreConfig config) {
        Path pw = TestServer.get().passwordFile();
        return new String[] {config.url(), config.user(), pw == null ? "-" : pw.toString()};
    }

    /**
     * The child's side of a heap-limit test: "peakHeapMB=P maxHeapMB=M", the sum of the heap pools' peaks (an upper
     * bound of the peak heap), which the parent reads back.
     */
    public static String peakHeap() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return "peakHeapMB=" + (peak >> 20) + " maxHeapMB=" + (Runtime.getRuntime().maxMemory() >> 20);
    }

    public static nightshift.store.StoreConfig.Builder config(String url, String user, String passwordFile) {
        nightshift.store.StoreConfig.Builder b = nightshift.store.StoreConfig.builder(url).user(user);
        return passwordFile.equals("-") ? b : b.passwordFile(Path.of(passwordFile));
    }
}
