package dev.proximity.samples.bench;

import java.util.List;

/**
 * The part of CPython's {@code random.Random} that the legacy data generator uses (integer seed,
 * {@code randrange(n)}, {@code choice(seq)}), bit for bit: MT19937 seeded through
 * {@code init_by_array} and CPython's rejection sampling in {@code _randbelow}. Porting it exactly
 * is what lets the Java generator write the same file as {@code gen-legacy-apps.py}.
 *
 * <p>Not thread-safe; not for anything security related.
 */
final class PythonRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index = N;

    /**
     * @param seed the seed, as {@code random.Random(seed)} takes it (Python uses its absolute value)
     */
    PythonRandom(long seed) {
        initByArray(keyOf(Math.abs(seed)));
    }

    /** CPython splits the seed into 32-bit words, least significant first; zero is one word. */
    private static int[] keyOf(long seed) {
        return (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
    }

    private void initGenrand(int seed) {
        mt[0] = seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = UPPER_MASK;
    }

    /** @return the next 32 random bits, as CPython's {@code genrand_uint32} (use unsigned) */
    private int nextInt32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int kk = 0; kk < N; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
            mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        index = 0;
    }

    /**
     * {@code random.randrange(bound)}: uniform in {@code [0, bound)}, drawn exactly as CPython does
     * (take {@code bit_length(bound)} bits, retry while too large).
     *
     * @param bound exclusive upper bound, 1 to 2^31-1
     * @return the number
     */
    int randrange(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(bound);
        int candidate;
        do {
            candidate = nextInt32() >>> (32 - bits);
        } while (candidate >= bound);
        return candidate;
    }

    /**
     * {@code random.choice(items)}.
     *
     * @param items a non-empty list
     * @param <T> the item type
     * @return one item
     */
    <T> T choice(List<T> items) {
        return items.get(randrange(items.size()));
    }
}
