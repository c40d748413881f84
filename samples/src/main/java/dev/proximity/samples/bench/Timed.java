package dev.proximity.samples.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a port so the time spent inside it is summed: what the benchmark subtracts from a deploy's
 * wall time to get Proximity's own overhead.
 */
final class Timed {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    /**
     * @param type the port interface
     * @param target the real port
     * @param <T> the port type
     * @return a proxy that times every call
     */
    <T> T wrap(Class<T> type, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            long started = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                nanos.addAndGet(System.nanoTime() - started);
                calls.incrementAndGet();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** @return the time spent inside wrapped calls so far, ns */
    long nanos() {
        return nanos.get();
    }

    /** @return how many wrapped calls were made */
    long calls() {
        return calls.get();
    }
}
