package nightshift.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import nightshift.store.EmbeddedServerException;

/**
 * An exclusive lock on one lock file, across processes (an OS file lock) and across the threads of
 * this JVM (a lock per file, since a second {@link FileChannel#lock()} in one JVM throws instead of
 * waiting). Not reentrant: a thread that holds it must not acquire it again.
 */
public final class DirectoryLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DirectoryLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the lock on {@code lockFile}, creating the file and its directory. */
    public static DirectoryLock acquire(Path lockFile) {
        Path key;
        try {
            Files.createDirectories(lockFile.getParent());
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot create the store directory " + lockFile.getParent()
                    + " (" + e + "); check that it is writable by this user", e);
        }
        ReentrantLock threadLock = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (threadLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds " + key);
        }
        threadLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DirectoryLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            threadLock.unlock();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EmbeddedServerException("cannot lock " + key + " (" + e
                    + "); check that the store directory is writable and on a local file system", e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot release the lock on the store directory (" + e + ")", e);
        } finally {
            threadLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
