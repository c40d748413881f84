package dev.proximity.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link ShadowReadListener}: mismatches and failures of the secondary logged as warnings. */
enum ShadowReadLog implements ShadowReadListener {
    INSTANCE;

    private static final Logger LOG = LoggerFactory.getLogger(DualWriteStore.class);

    @Override
    public void compared(Comparison comparison) {
        if (comparison.secondaryFailure() != null) {
            LOG.warn("shadow read: {} could not answer: {}", comparison.secondary(), comparison.secondaryFailure());
        } else if (!comparison.matched()) {
            LOG.warn("shadow read: {} and {} disagree: {}", comparison.primary(), comparison.secondary(), comparison.differences());
        }
    }
}
