package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.core.Proximity;
import dev.proximity.core.testing.FakeGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A move to a node that keeps stacks under another base path: the stack moves, its bind mounts are rewritten, it comes up as a stack. */
class MoveToAnotherBaseTest extends AppServiceTestBase {

    private static final Pattern COMPOSE = Pattern.compile("printf '%s' '([A-Za-z0-9+/=]+)' \\| base64 -d > \"\\$d/docker-compose.yml.tmp\"");

    private App app;

    @Override
    Proximity.Builder configure(Proximity.Builder builder) {
        return builder.appDirectory("pve2", "/srv/apps");
    }

    @BeforeEach
    void deployOne() {
        platform.node("pve2", 64);
        app = apps.deploy(new DeployRequest("wordpress", "blog", null, "pve", null, null, null, null));
    }

    private List<FakeGuest.Script> rebases() {
        return guest.scripts().stream().filter(s -> s.text().contains("mv \"$from\" \"$to\"") && s.text().contains("from=")
                && s.node().equals("pve2")).toList();
    }

    private static String composeWrittenBy(FakeGuest.Script script) {
        Matcher written = COMPOSE.matcher(script.text());
        assertThat(written.find()).as("the script writes a compose file").isTrue();
        return new String(Base64.getDecoder().decode(written.group(1)), StandardCharsets.UTF_8);
    }

    @Test
    void aRunningAppsStackMovesToTheTargetsBaseAndComesUpAsAStack() {
        assertThat(app.volumes()).allMatch(volume -> volume.startsWith("/opt/proximity/" + app.id() + "/"));

        App moved = apps.move(app.id(), "pve2");

        assertThat(moved.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(moved.node()).isEqualTo("pve2");
        assertThat(moved.volumes()).isNotEmpty().allMatch(volume -> volume.startsWith("/srv/apps/" + app.id() + "/volumes/"));
        FakeGuest.Script rebase = rebases().get(0);
        assertThat(rebase.text()).contains("from=\"$root\"'/opt/proximity/" + app.id() + "'")
                .contains("to=\"$root\"'/srv/apps/" + app.id() + "'")
                .contains("docker compose -p '" + app.id() + "' down")
                .contains("docker compose -p '" + app.id() + "' up -d");
        assertThat(composeWrittenBy(rebase)).contains("/srv/apps/" + app.id() + "/volumes/").doesNotContain("/opt/proximity");
        assertThat(steps(apps.logs(app.id()))).endsWith("migrate", "stack_rebase", "app_deploy", "health", "url");
        assertThat(guest.stackUp(app.vmid())).isTrue();
    }

    @Test
    void aStoppedAppIsStartedForTheMoveOfItsStackAndStoppedAgain() {
        apps.stop(app.id());

        App moved = apps.move(app.id(), "pve2");

        assertThat(moved.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(platform.containersById().get(app.vmid()).running()).isFalse();
        assertThat(rebases()).singleElement().satisfies(script -> assertThat(script.text()).doesNotContain("up -d"));
        assertThat(moved.volumes()).allMatch(volume -> volume.startsWith("/srv/apps/"));
    }

    @Test
    void movingBackTranslatesThePathsBack() {
        apps.move(app.id(), "pve2");

        App back = apps.move(app.id(), "pve");

        assertThat(back.volumes()).allMatch(volume -> volume.startsWith("/opt/proximity/" + app.id() + "/"));
        assertThat(guest.scripts().stream().filter(s -> s.node().equals("pve") && s.text().contains("from=\"$root\"'/srv/apps/"))
                .count()).isEqualTo(1);
    }

    @Test
    void aFailedRebaseMarksTheAppErrorWhereTheContainerIs() {
        guest.fail("mv \"$from\" \"$to\"", 1, () -> new GuestCommandException("pve2", app.vmid(), "moving the stack", 1,
                "mv: cannot move: No space left on device"));

        assertThatThrownBy(() -> apps.move(app.id(), "pve2")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("No space left");

        App after = apps.get(app.id());
        assertThat(after.node()).isEqualTo("pve2");
        assertThat(after.status()).isEqualTo(AppStatus.ERROR);
    }

    @Test
    void aContainerMovedBehindTheBackGetsItsStackMovedByReconcile() {
        platform.move(app.vmid(), "pve2");

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions(ReconcileReport.Kind.NODE_REFRESHED)).hasSize(1);
        assertThat(report.actions(ReconcileReport.Kind.STACK_REBASED)).hasSize(1);
        App after = apps.get(app.id());
        assertThat(after.node()).isEqualTo("pve2");
        assertThat(after.volumes()).allMatch(volume -> volume.startsWith("/srv/apps/" + app.id() + "/volumes/"));
        assertThat(rebases()).hasSize(1);
        assertThat(apps.reconcile().actions(ReconcileReport.Kind.STACK_REBASED)).isEmpty();
    }
}
