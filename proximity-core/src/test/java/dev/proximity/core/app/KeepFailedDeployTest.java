package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.core.FailedDeployPolicy;
import dev.proximity.core.Proximity;
import org.junit.jupiter.api.Test;

import static dev.proximity.core.app.DeployFailureTest.catchFailure;
import static org.assertj.core.api.Assertions.assertThat;

/** The failure policy that keeps a failed deploy's record, as error. */
class KeepFailedDeployTest extends AppServiceTestBase {

    @Override
    Proximity.Builder configure(Proximity.Builder builder) {
        return builder.failedDeployPolicy(FailedDeployPolicy.KEEP_AS_ERROR);
    }

    @Test
    void theRecordStaysAsErrorWithoutContainerOrPorts() {
        guest.exit(" up -d", 1, 1, "boom");

        catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "kept")));

        App kept = apps.get("nginx-kept");
        assertThat(kept.status()).isEqualTo(AppStatus.ERROR);
        assertThat(kept.vmid()).isNull();
        assertThat(kept.publicPort()).isNull();
        assertThat(platform.containersById()).isEmpty();
        assertThat(leases()).isEmpty();
        assertThat(apps.logs("nginx-kept")).last().extracting(DeploymentLogEntry::message).asString().contains("status error");
    }
}
