package dev.proximity.core.app;

import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.PlatformTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.proximity.core.app.DeployFailureTest.noAnswer;
import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;

/**
 * One case of a fault matrix: a named fault injected into the fake platform or guest of a test.
 *
 * @param name what fails, as the test report shows it
 * @param inject injects it
 */
record FaultCase(String name, Consumer<AppServiceTestBase> inject) {

    /**
     * @param methods platform methods
     * @return for each: refused, failed as a task, answer lost and wait timed out after its effect
     */
    static List<FaultCase> platform(List<String> methods) {
        List<FaultCase> cases = new ArrayList<>();
        for (String method : methods) {
            cases.add(new FaultCase(method + " refused", t -> t.platform.fail(method, 1, () -> refused(500, "got timeout"))));
            cases.add(new FaultCase(method + " failed task", t -> t.platform.fail(method, 1, () -> task(method + " failed"))));
            cases.add(new FaultCase(method + " no answer after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> noAnswer("POST " + method))));
            cases.add(new FaultCase(method + " timed out after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> new PlatformTimeoutException("waiting for the task of " + method, Duration.ofSeconds(30)))));
        }
        return cases;
    }

    /**
     * @param fragments pieces of the guest scripts to fail
     * @param vmid the container the failure names
     * @return for each: the script exits with an error, once
     */
    static List<FaultCase> guest(List<String> fragments, int vmid) {
        List<FaultCase> cases = new ArrayList<>();
        for (String fragment : fragments) {
            cases.add(new FaultCase("guest '" + fragment.strip() + "' fails", t -> t.guest.fail(fragment, 1,
                    () -> new GuestCommandException("pve", vmid, fragment, 1, "failed"))));
        }
        return cases;
    }

    /** @param test the test to inject into */
    void injectInto(AppServiceTestBase test) {
        inject.accept(test);
    }

    @Override
    public String toString() {
        return name;
    }
}
