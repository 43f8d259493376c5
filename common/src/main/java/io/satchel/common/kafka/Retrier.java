package io.satchel.common.kafka;

import java.util.function.Supplier;

/**
 * Runs one attempt after another until it succeeds, an abort exception is thrown or the budget is spent (then the
 * last exception is thrown). Production: {@link FaultToleranceRetrier}.
 */
public interface Retrier {
    <T> T call(Supplier<T> attempt, Class<T> type);
}
