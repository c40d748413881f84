package dev.proximity.api.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationEvent;
import dev.proximity.api.migration.MigrationProgress;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.testing.Counters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The store contract, written once and run against every {@link ProximityStore} adapter: JSON file,
 * SQLite, PostgreSQL and the dual-write store. An adapter's test extends this class and says how to
 * open a fresh, empty store.
 */
public abstract class StoreContractTest {

    /** A fixed instant so timestamps compare exactly. */
    protected static final Instant T0 = Instant.parse("2025-10-04T00:33:41.918Z");

    /** The store under test; fresh and empty for every test. */
    protected ProximityStore store;

    /**
     * @return a new, empty store; it is closed after the test
     * @throws Exception when it cannot be opened
     */
    protected abstract ProximityStore openEmptyStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * A plain running app, unique per hostname.
     *
     * @param hostname the hostname
     * @return the app, not yet stored
     */
    protected static App app(String hostname) {
        return App.builder().id(App.idFor("nginx", hostname)).catalogId("nginx").name("Nginx " + hostname)
                .hostname(hostname).status(AppStatus.RUNNING).node("pve").createdAt(T0).updatedAt(T0).build();
    }

    private App insert(App app) {
        return store.write(session -> session.apps().insert(app));
    }

    private Optional<App> get(String id) {
        return store.read(session -> session.apps().get(id));
    }

    private static App richApp() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("nested", List.of(1, 2, 3));
        nested.put("label", "ünïcødé ✓");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("memory", 512);
        config.put("cores", 2);
        config.put("ratio", 0.5);
        config.put("enabled", true);
        config.put("missing", null);
        config.put("extra", nested);
        return App.builder().id("vaultwarden-vault").catalogId("vaultwarden").name("Vaultwärden ✓ 日本")
                .hostname("vault").status(AppStatus.UPDATE_FAILED).url("http://10.0.0.15:80").vmid(123).node("pve")
                .publicPort(8105).internalPort(9105).config(config).ports(Map.of(80, 8105, 443, 8443))
                .volumes(List.of("vault_data:/data", "/srv/x:/y")).environment(Map.of("ADMIN_TOKEN", "s3cr3t", "TZ", "Europe/Zürich"))
                .ownerId("user-42").createdAt(Instant.parse("2025-08-05T00:00:00.123Z"))
                .updatedAt(Instant.parse("2025-08-06T10:10:10.456Z")).stateChangedAt(Instant.parse("2025-08-06T10:10:10.457Z"))
                .build();
    }

    private static List<String> ids(Page<App> page) {
        return page.items().stream().map(App::id).collect(Collectors.toList());
    }

    @Nested
    class Apps {

        @Test
        void insertedAppReadsBackFieldForFieldWithVersionOne() {
            App stored = insert(richApp());

            assertThat(stored.version()).isEqualTo(1);
            assertThat(stored).usingRecursiveComparison().ignoringFields("version").isEqualTo(richApp());
            assertThat(get("vaultwarden-vault")).contains(stored);
        }

        @Test
        void minimalAppWithNullsRoundTrips() {
            App minimal = App.builder().id("a-min").catalogId("a").name("").hostname("min").status(AppStatus.ADOPTING).build();

            App stored = insert(minimal);

            assertThat(get("a-min")).contains(stored);
            assertThat(stored.url()).isNull();
            assertThat(stored.vmid()).isNull();
            assertThat(stored.createdAt()).isNull();
            assertThat(stored.config()).isEmpty();
            assertThat(stored.status()).isEqualTo(AppStatus.ADOPTING);
        }

        @Test
        void everyStatusRoundTrips() {
            for (AppStatus status : AppStatus.values()) {
                insert(app("status-" + status.wireName().replace('_', '-')).toBuilder().status(status).build());
            }
            for (AppStatus status : AppStatus.values()) {
                assertThat(get("nginx-status-" + status.wireName().replace('_', '-'))).get()
                        .extracting(App::status).isEqualTo(status);
            }
        }

        @Test
        void getOfUnknownIdIsEmpty() {
            assertThat(get("nope")).isEmpty();
        }

        @Test
        void findsByHostnameIgnoringCase() {
            insert(app("web-01"));

            assertThat(store.read((StoreSession s) -> s.apps().findByHostname("WEB-01"))).map(App::id).contains("nginx-web-01");
            assertThat(store.read((StoreSession s) -> s.apps().findByHostname("web-02"))).isEmpty();
        }

        @Test
        void rejectsDuplicateIdNamingTheField() {
            insert(app("one"));

            assertThatThrownBy(() -> insert(app("one").toBuilder().hostname("other").build()))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("id"));
        }

        @Test
        void rejectsDuplicateHostnameNamingTheField() {
            insert(app("one"));

            assertThatThrownBy(() -> insert(app("one").toBuilder().id("other-id").build()))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("hostname"));
        }

        @Test
        void rejectsDuplicateVmidAndPortsNamingTheField() {
            insert(app("one").toBuilder().vmid(200).publicPort(8100).internalPort(9100).build());

            assertThatThrownBy(() -> insert(app("two").toBuilder().vmid(200).build()))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("vmid"));
            assertThatThrownBy(() -> insert(app("three").toBuilder().publicPort(8100).build()))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("publicPort"));
            assertThatThrownBy(() -> insert(app("four").toBuilder().internalPort(9100).build()))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("internalPort"));
            assertThat(store.read((StoreSession s) -> s.apps().count())).isEqualTo(1);
        }

        @Test
        void updateBumpsVersionAndPersists() {
            App stored = insert(app("one"));

            App updated = store.write((StoreSession s) -> s.apps().update(stored.withStatus(AppStatus.STOPPED, T0.plusSeconds(5))));

            assertThat(updated.version()).isEqualTo(2);
            assertThat(get(stored.id())).contains(updated);
            assertThat(updated.status()).isEqualTo(AppStatus.STOPPED);
            assertThat(updated.stateChangedAt()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        void updateWithStaleVersionFailsAndKeepsTheNewerRecord() {
            App stored = insert(app("one"));
            App first = store.write((StoreSession s) -> s.apps().update(stored.toBuilder().url("http://first").build()));

            assertThatThrownBy(() -> store.write((StoreSession s) -> s.apps().update(stored.toBuilder().url("http://stale").build())))
                    .isInstanceOf(ConcurrentUpdateException.class);
            assertThat(get(stored.id())).contains(first);
        }

        @Test
        void updateOfMissingAppIsNotFound() {
            App ghost = app("ghost").toBuilder().version(1).build();

            assertThatThrownBy(() -> store.write((StoreSession s) -> s.apps().update(ghost))).isInstanceOf(NotFoundException.class);
        }

        @Test
        void updateIntoAUniqueCollisionFailsAndChangesNothing() {
            insert(app("one").toBuilder().vmid(300).build());
            App two = insert(app("two"));

            assertThatThrownBy(() -> store.write((StoreSession s) -> s.apps().update(two.toBuilder().vmid(300).build())))
                    .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("vmid"));
            assertThat(get(two.id())).contains(two);
        }

        @Test
        void deleteRemovesOnceThenReportsFalse() {
            insert(app("one"));

            assertThat(store.write((StoreSession s) -> s.apps().delete("nginx-one"))).isTrue();
            assertThat(store.write((StoreSession s) -> s.apps().delete("nginx-one"))).isFalse();
            assertThat(get("nginx-one")).isEmpty();
            assertThat(store.read((StoreSession s) -> s.apps().count())).isZero();
        }

        @Test
        void hostnameIsFreeAgainAfterDelete() {
            insert(app("one"));
            store.write((StoreSession s) -> s.apps().delete("nginx-one"));

            assertThat(insert(app("one")).version()).isEqualTo(1);
        }

        @Test
        void listAfterStreamsEveryAppInIdOrder() {
            for (int i = 0; i < 25; i++) {
                insert(app(String.format("host-%02d", 24 - i)));
            }
            List<String> seen = new ArrayList<>();
            String after = null;
            while (true) {
                String cursor = after;
                List<App> batch = store.read((StoreSession s) -> s.apps().listAfter(cursor, 7));
                if (batch.isEmpty()) {
                    break;
                }
                batch.forEach(a -> seen.add(a.id()));
                after = batch.get(batch.size() - 1).id();
            }
            assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        }

        @Test
        void freshStoreHasNoProblemRecords() {
            assertThat(store.read((StoreSession s) -> s.apps().problems())).isEmpty();
        }
    }

    @Nested
    class Upserts {

        @Test
        void createsWhenAbsent() {
            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(app("one")))).isEqualTo(UpsertOutcome.CREATED);
            assertThat(get("nginx-one")).isPresent();
        }

        @Test
        void replacesOnlyWhenTheIncomingRecordIsNewer() {
            insert(app("one"));
            App older = app("one").toBuilder().url("http://older").updatedAt(T0.minusSeconds(1)).build();
            App same = app("one").toBuilder().url("http://same").build();
            App newer = app("one").toBuilder().url("http://newer").updatedAt(T0.plusSeconds(1)).build();

            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(older))).isEqualTo(UpsertOutcome.SKIPPED);
            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(same))).isEqualTo(UpsertOutcome.SKIPPED);
            assertThat(get("nginx-one")).get().extracting(App::url).isNull();
            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(newer))).isEqualTo(UpsertOutcome.UPDATED);
            assertThat(get("nginx-one")).get().extracting(App::url).isEqualTo("http://newer");
        }

        @Test
        void unknownUpdateTimeCountsAsOldest() {
            insert(app("one").toBuilder().updatedAt(null).build());
            App dated = app("one").toBuilder().url("http://dated").build();
            App undated = app("one").toBuilder().url("http://undated").updatedAt(null).build();

            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(dated))).isEqualTo(UpsertOutcome.UPDATED);
            assertThat(store.write((StoreSession s) -> s.apps().upsertIfNewer(undated))).isEqualTo(UpsertOutcome.SKIPPED);
            assertThat(get("nginx-one")).get().extracting(App::url).isEqualTo("http://dated");
        }

        @Test
        void copiesAreVerbatimVersionAndTimesIncluded() {
            App copy = app("one").toBuilder().version(7).stateChangedAt(T0.minusSeconds(30)).build();
            store.write((StoreSession s) -> s.apps().upsertIfNewer(copy));
            assertThat(get("nginx-one")).contains(copy);

            App newer = copy.toBuilder().version(9).url("http://newer").updatedAt(T0.plusSeconds(5)).build();
            store.write((StoreSession s) -> s.apps().upsertIfNewer(newer));
            assertThat(get("nginx-one")).contains(newer);

            // a mirrored update then agrees on the version
            App updated = store.write((StoreSession s) -> s.apps().update(newer.toBuilder().url("http://mirrored").build()));
            assertThat(updated.version()).isEqualTo(10);
        }

        @Test
        void putVerbatimInsertsOrReplacesExactlyAndKeepsUniqueness() {
            App first = app("one").toBuilder().version(3).build();
            store.write((StoreSession s) -> {
                s.apps().putVerbatim(first);
                return null;
            });
            App replaced = first.toBuilder().version(2).url("http://older-but-forced").updatedAt(T0.minusSeconds(60)).build();
            store.write((StoreSession s) -> {
                s.apps().putVerbatim(replaced);
                return null;
            });
            assertThat(get("nginx-one")).contains(replaced);

            App clash = app("two").toBuilder().hostname("one").build();
            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.apps().putVerbatim(clash);
                return null;
            })).isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("hostname"));
            assertThat(get("nginx-two")).isEmpty();
        }

        @Test
        void bulkCopiesReportEachAppAndRejectCollisionsWithoutFailingTheRest() {
            insert(app("kept"));
            App holder = store.read((StoreSession s) -> s.apps().get("nginx-kept")).orElseThrow();
            List<App> batch = List.of(
                    app("new-1"),
                    holder.toBuilder().url("http://older").updatedAt(T0.minusSeconds(1)).build(),
                    app("new-2").toBuilder().hostname("kept").build(),
                    holder.toBuilder().url("http://newer").updatedAt(T0.plusSeconds(1)).version(4).build(),
                    app("new-3").toBuilder().hostname("new-1").build());

            List<UpsertResult> results = store.write((StoreSession s) -> s.apps().upsertAllIfNewer(batch));

            assertThat(results).extracting(UpsertResult::id).containsExactly("nginx-new-1", "nginx-kept", "nginx-new-2",
                    "nginx-kept", "nginx-new-3");
            assertThat(results.get(0).outcome()).isEqualTo(UpsertOutcome.CREATED);
            assertThat(results.get(2).outcome()).isEqualTo(UpsertOutcome.REJECTED);
            assertThat(results.get(2).rejection()).contains("kept");
            assertThat(results.get(4).outcome()).isEqualTo(UpsertOutcome.REJECTED);
            assertThat(results.get(4).rejection()).contains("new-1");
            assertThat(get("nginx-kept")).get().extracting(App::url, App::version).containsExactly("http://newer", 4L);
            assertThat(get("nginx-new-2")).isEmpty();
            assertThat(get("nginx-new-3")).isEmpty();
            assertThat(get("nginx-new-1")).isPresent();
        }

        @Test
        void aBulkCopyThatIsNotAllNewAfterAllNewOnesGetsTheSameOutcomesAndLeavesTheTransactionUsable() {
            List<App> allNew = List.of(app("alpha"), app("bravo"));
            App twinOfAlpha = app("zulu").toBuilder().hostname("alpha").build();
            App firstCopy = app("delta");
            App laterCopy = firstCopy.toBuilder().url("http://later").updatedAt(T0.plusSeconds(1)).version(2).build();
            List<App> notAllNew = List.of(app("echo"), twinOfAlpha, firstCopy, laterCopy, app("foxtrot").toBuilder().hostname("echo").build());

            List<List<UpsertResult>> results = store.write((StoreSession s) -> {
                List<UpsertResult> first = s.apps().upsertAllIfNewer(allNew);
                // a store may insert a batch in id order before checking it: here rows go in before the refusals come
                List<UpsertResult> second = s.apps().upsertAllIfNewer(notAllNew);
                // after a refused statement the transaction still takes writes, and commits them all
                List<UpsertResult> third = s.apps().upsertAllIfNewer(List.of(app("golf")));
                s.settings().put("after-refusal", "kept");
                return List.of(first, second, third);
            });

            assertThat(results.get(0)).extracting(UpsertResult::outcome).containsOnly(UpsertOutcome.CREATED);
            assertThat(results.get(1)).extracting(UpsertResult::id, UpsertResult::outcome).containsExactly(
                    tuple("nginx-echo", UpsertOutcome.CREATED), tuple("nginx-zulu", UpsertOutcome.REJECTED),
                    tuple("nginx-delta", UpsertOutcome.CREATED), tuple("nginx-delta", UpsertOutcome.UPDATED),
                    tuple("nginx-foxtrot", UpsertOutcome.REJECTED));
            assertThat(results.get(2)).extracting(UpsertResult::outcome).containsExactly(UpsertOutcome.CREATED);
            assertThat(get("nginx-zulu")).isEmpty();
            assertThat(get("nginx-foxtrot")).isEmpty();
            assertThat(get("nginx-delta")).contains(laterCopy);
            assertThat(List.of("nginx-alpha", "nginx-bravo", "nginx-echo", "nginx-golf")).allSatisfy(id -> assertThat(get(id)).isPresent());
            assertThat(store.read((StoreSession s) -> s.settings().get("after-refusal"))).contains("kept");
        }

        @Test
        void bulkCopiesKeepEveryCharacterAndEveryFieldExactly() {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("TABBED", "a\tb");
            environment.put("LINES", "one\ntwo\r\nthree");
            environment.put("BACKSLASHES", "C:\\data\\ \\N \\t");
            environment.put("QUOTES", "say \"hi\" 'there'");
            environment.put("NULLISH", "\\N");
            App tricky = richApp().toBuilder().id("vaultwarden-tricky").hostname("tricky").vmid(124).publicPort(8106)
                    .internalPort(9106).name("Tab\there, new\nline \\ back").url(null).environment(environment)
                    .version(7).build();
            List<App> batch = List.of(richApp().toBuilder().version(3).build(), tricky);

            List<UpsertResult> results = store.write((StoreSession s) -> s.apps().upsertAllIfNewer(batch));

            assertThat(results).extracting(UpsertResult::outcome).containsOnly(UpsertOutcome.CREATED);
            assertThat(get("vaultwarden-tricky")).get().usingRecursiveComparison().isEqualTo(tricky);
            assertThat(get("vaultwarden-vault")).get().usingRecursiveComparison().isEqualTo(batch.get(0));
        }
    }

    @Nested
    class Queries {

        @BeforeEach
        void seed() {
            store.write((StoreSession s) -> {
                s.apps().insert(app("alpha").toBuilder().name("Alpha").status(AppStatus.RUNNING).node("pve1").ownerId("ann")
                        .createdAt(T0.plusSeconds(3)).updatedAt(T0.plusSeconds(30)).build());
                s.apps().insert(app("bravo").toBuilder().catalogId("wordpress").id("wordpress-bravo").name("Bravo")
                        .status(AppStatus.STOPPED).node("pve2").ownerId("bob").createdAt(T0.plusSeconds(1)).updatedAt(T0.plusSeconds(10)).build());
                s.apps().insert(app("charlie").toBuilder().name("Vaultwärden Charlie").status(AppStatus.ERROR).node("pve1")
                        .ownerId("ann").createdAt(null).updatedAt(T0.plusSeconds(20)).build());
                s.apps().insert(app("delta").toBuilder().name("Delta").status(AppStatus.UPDATE_FAILED).node("pve3")
                        .createdAt(T0.plusSeconds(2)).updatedAt(null).build());
                s.apps().insert(app("echo").toBuilder().name("Alpha").status(AppStatus.RUNNING).node("pve2").ownerId("bob")
                        .createdAt(T0.plusSeconds(3)).updatedAt(T0.plusSeconds(40)).build());
                return null;
            });
        }

        private Page<App> find(AppQuery query) {
            return store.read((StoreSession s) -> s.apps().find(query));
        }

        @Test
        void noFiltersListsEverythingById() {
            Page<App> page = find(AppQuery.all());

            assertThat(ids(page)).containsExactly("nginx-alpha", "nginx-charlie", "nginx-delta", "nginx-echo", "wordpress-bravo");
            assertThat(page.total()).isEqualTo(5);
        }

        @Test
        void filtersByAnyOfSeveralStatuses() {
            assertThat(ids(find(AppQuery.all().withStatuses(AppStatus.RUNNING, AppStatus.UPDATE_FAILED))))
                    .containsExactly("nginx-alpha", "nginx-delta", "nginx-echo");
        }

        @Test
        void filtersByNodeCatalogAndOwner() {
            assertThat(ids(find(AppQuery.all().withNode("pve1")))).containsExactly("nginx-alpha", "nginx-charlie");
            assertThat(ids(find(AppQuery.all().withCatalogId("wordpress")))).containsExactly("wordpress-bravo");
            assertThat(ids(find(AppQuery.all().withOwnerId("bob")))).containsExactly("nginx-echo", "wordpress-bravo");
        }

        @Test
        void textMatchesNameHostnameOrIdIgnoringCaseIncludingNonAscii() {
            assertThat(ids(find(AppQuery.all().withText("VAULTWÄRDEN")))).containsExactly("nginx-charlie");
            assertThat(ids(find(AppQuery.all().withText("ELT")))).containsExactly("nginx-delta");
            assertThat(ids(find(AppQuery.all().withText("wordpress-")))).containsExactly("wordpress-bravo");
            assertThat(ids(find(AppQuery.all().withText("100%_")))).isEmpty();
        }

        @Test
        void combinesFilters() {
            assertThat(ids(find(AppQuery.all().withOwnerId("ann").withStatuses(AppStatus.ERROR).withNode("pve1"))))
                    .containsExactly("nginx-charlie");
            assertThat(find(AppQuery.all().withOwnerId("ann").withNode("pve2")).total()).isZero();
        }

        @Test
        void pagesCarryTheTotal() {
            Page<App> second = find(AppQuery.all().withPage(1, 2));

            assertThat(ids(second)).containsExactly("nginx-delta", "nginx-echo");
            assertThat(second.total()).isEqualTo(5);
            assertThat(second.totalPages()).isEqualTo(3);
            assertThat(second.hasNext()).isTrue();
            assertThat(ids(find(AppQuery.all().withPage(2, 2)))).containsExactly("wordpress-bravo");
            assertThat(find(AppQuery.all().withPage(9, 2)).items()).isEmpty();
        }

        @Test
        void sortsByNameWithIdBreakingTies() {
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.NAME, SortDirection.ASC))))
                    .containsExactly("nginx-alpha", "nginx-echo", "wordpress-bravo", "nginx-delta", "nginx-charlie");
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.NAME, SortDirection.DESC))))
                    .containsExactly("nginx-charlie", "nginx-delta", "wordpress-bravo", "nginx-echo", "nginx-alpha");
        }

        @Test
        void sortsByHostname() {
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.HOSTNAME, SortDirection.DESC))))
                    .containsExactly("nginx-echo", "nginx-delta", "nginx-charlie", "wordpress-bravo", "nginx-alpha");
        }

        @Test
        void sortsByTimesWithUnknownTimesFirstWhenAscending() {
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.CREATED_AT, SortDirection.ASC))))
                    .containsExactly("nginx-charlie", "wordpress-bravo", "nginx-delta", "nginx-alpha", "nginx-echo");
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.UPDATED_AT, SortDirection.ASC))))
                    .containsExactly("nginx-delta", "wordpress-bravo", "nginx-charlie", "nginx-alpha", "nginx-echo");
            assertThat(ids(find(AppQuery.all().sortedBy(AppSort.UPDATED_AT, SortDirection.DESC))))
                    .containsExactly("nginx-echo", "nginx-alpha", "nginx-charlie", "wordpress-bravo", "nginx-delta");
        }

        @Test
        void pagingASortedFilteredListIsStable() {
            AppQuery query = AppQuery.all().withStatuses(AppStatus.RUNNING, AppStatus.STOPPED, AppStatus.ERROR)
                    .sortedBy(AppSort.CREATED_AT, SortDirection.DESC);
            List<String> paged = new ArrayList<>();
            for (int page = 0; page < 4; page++) {
                paged.addAll(ids(find(query.withPage(page, 1))));
            }
            assertThat(paged).containsExactlyElementsOf(ids(find(query.withPage(0, 10))));
            assertThat(paged).hasSize(4);
        }
    }

    @Nested
    class Transactions {

        @Test
        void failedWriteKeepsNothingAndRethrowsTheSameException() {
            IllegalStateException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.apps().insert(app("one"));
                s.portLeases().reserve(8100, "nginx-one", T0, T0.plusSeconds(60));
                s.deploymentLogs().append(new DeploymentLogEntry("nginx-one", T0, LogLevel.INFO, "init", "start"));
                throw boom;
            })).isSameAs(boom);

            assertThat(get("nginx-one")).isEmpty();
            assertThat(store.read((StoreSession s) -> s.portLeases().find(8100))).isEmpty();
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("nginx-one"))).isEmpty();
        }

        @Test
        void failedUniqueInsertInsideAWriteRollsBackTheEarlierWorkOfThatWrite() {
            insert(app("taken"));

            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.apps().insert(app("fresh"));
                return s.apps().insert(app("taken"));
            })).isInstanceOf(AlreadyExistsException.class);

            assertThat(get("nginx-fresh")).isEmpty();
        }

        @Test
        void writesInsideOneTransactionSeeEachOther() {
            App seen = store.write((StoreSession s) -> {
                s.apps().insert(app("one"));
                return s.apps().get("nginx-one").orElseThrow();
            });
            assertThat(seen.version()).isEqualTo(1);
        }

        @Test
        void readOnlyWorkCannotWrite() {
            assertThatThrownBy(() -> store.read((StoreSession s) -> s.apps().insert(app("one")))).isInstanceOf(IllegalStateException.class);
            assertThat(get("nginx-one")).isEmpty();
        }

        @Test
        void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
            insert(app("counter").toBuilder().config(Map.of("n", 0)).build());
            int threads = 6;
            int perThread = 15;

            runConcurrently(threads, () -> {
                for (int i = 0; i < perThread; i++) {
                    Counters.increment(store, "nginx-counter");
                }
                return null;
            });

            assertThat(get("nginx-counter").orElseThrow().config().get("n")).isEqualTo(threads * perThread);
        }

        @Test
        void concurrentInsertsAllLand() throws Exception {
            int threads = 6;
            int perThread = 10;
            List<Integer> slots = Collections.synchronizedList(new ArrayList<>(IntStream.range(0, threads).boxed().toList()));

            runConcurrently(threads, () -> {
                int slot = slots.remove(0);
                for (int i = 0; i < perThread; i++) {
                    insert(app("t" + slot + "-n" + i));
                }
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.apps().count())).isEqualTo((long) threads * perThread);
        }
    }

    @Nested
    class DeploymentLogs {

        private DeploymentLogEntry entry(String appId, int second, LogLevel level, String step) {
            return new DeploymentLogEntry(appId, T0.plusSeconds(second), level, step, step + " — ünïcødé " + second);
        }

        @Test
        void keepsAppendOrderPerApp() {
            List<DeploymentLogEntry> expected = List.of(entry("a-one", 5, LogLevel.INFO, "init"),
                    entry("a-one", 5, LogLevel.INFO, "vmid"), entry("a-one", 4, LogLevel.WARNING, "lxc_create"),
                    entry("a-one", 6, LogLevel.ERROR, "error"));
            expected.forEach(e -> store.write((StoreSession s) -> {
                s.deploymentLogs().append(e);
                s.deploymentLogs().append(entry("a-two", 1, LogLevel.INFO, "init"));
                return null;
            }));

            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("a-one"))).containsExactlyElementsOf(expected);
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("a-two"))).hasSize(4);
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("a-none"))).isEmpty();
        }

        @Test
        void replaceIsIdempotentAndDeleteCounts() {
            List<DeploymentLogEntry> log = List.of(entry("a-one", 1, LogLevel.INFO, "init"), entry("a-one", 2, LogLevel.INFO, "complete"));
            store.write((StoreSession s) -> {
                s.deploymentLogs().append(entry("a-one", 0, LogLevel.ERROR, "error"));
                s.deploymentLogs().replaceForApp("a-one", log);
                s.deploymentLogs().replaceForApp("a-one", log);
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("a-one"))).containsExactlyElementsOf(log);
            assertThat(store.write((StoreSession s) -> s.deploymentLogs().deleteForApp("a-one"))).isEqualTo(2);
            assertThat(store.write((StoreSession s) -> s.deploymentLogs().deleteForApp("a-one"))).isZero();
        }

        @Test
        void entriesKeepTheirAttemptAndDuration() {
            DeploymentLogEntry timed = new DeploymentLogEntry("a-one", "dep-1", T0, LogLevel.INFO, "lxc_create", "created",
                    Duration.ofMillis(1234));
            DeploymentLogEntry untimed = new DeploymentLogEntry("a-one", "dep-2", T0.plusSeconds(1), LogLevel.ERROR, "error",
                    "failed", null);
            DeploymentLogEntry legacy = entry("a-one", 2, LogLevel.INFO, "init");
            store.write((StoreSession s) -> {
                s.deploymentLogs().append(timed);
                s.deploymentLogs().append(untimed);
                s.deploymentLogs().append(legacy);
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("a-one"))).containsExactly(timed, untimed, legacy);
            assertThat(legacy.deploymentId()).isNull();
        }

        @Test
        void appIdsWithLogsArePagedInOrder() {
            store.write((StoreSession s) -> {
                for (String app : List.of("c-app", "a-app", "b-app")) {
                    s.deploymentLogs().append(entry(app, 1, LogLevel.INFO, "init"));
                    s.deploymentLogs().append(entry(app, 2, LogLevel.INFO, "complete"));
                }
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.deploymentLogs().appIdsAfter(null, 2))).containsExactly("a-app", "b-app");
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().appIdsAfter("b-app", 2))).containsExactly("c-app");
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().appIdsAfter("c-app", 2))).isEmpty();
        }
    }

    @Nested
    class Settings {

        @Test
        void putGetReplaceAndRemove() {
            assertThat(store.read((StoreSession s) -> s.settings().get("installation.id"))).isEmpty();
            store.write((StoreSession s) -> {
                s.settings().put("installation.id", "px-1");
                s.settings().put("migration.phase", "JSON_ONLY");
                return null;
            });
            store.write((StoreSession s) -> {
                s.settings().put("migration.phase", "DUAL_WRITE");
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.settings().get("migration.phase"))).contains("DUAL_WRITE");
            assertThat(store.read((StoreSession s) -> s.settings().all()))
                    .containsExactly(Map.entry("installation.id", "px-1"), Map.entry("migration.phase", "DUAL_WRITE"));
            assertThat(store.write((StoreSession s) -> s.settings().remove("migration.phase"))).isTrue();
            assertThat(store.write((StoreSession s) -> s.settings().remove("migration.phase"))).isFalse();
            assertThat(store.read((StoreSession s) -> s.settings().all())).containsOnlyKeys("installation.id");
        }

        @Test
        void putIfAbsentKeepsTheFirstValue() {
            assertThat(store.write((StoreSession s) -> s.settings().putIfAbsent("installation.id", "first"))).isEqualTo("first");
            assertThat(store.write((StoreSession s) -> s.settings().putIfAbsent("installation.id", "second"))).isEqualTo("first");
            assertThat(store.read((StoreSession s) -> s.settings().get("installation.id"))).contains("first");
        }

        @Test
        void concurrentPutIfAbsentAgreesOnOneValue() throws Exception {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            List<Integer> slots = Collections.synchronizedList(new ArrayList<>(IntStream.range(0, 6).boxed().toList()));

            runConcurrently(6, () -> {
                String mine = "value-" + slots.remove(0);
                seen.add(store.write((StoreSession s) -> s.settings().putIfAbsent("installation.id", mine)));
                return null;
            });

            assertThat(Set.copyOf(seen)).hasSize(1);
            assertThat(store.read((StoreSession s) -> s.settings().get("installation.id"))).contains(seen.get(0));
        }

        @Test
        void failedWriteKeepsNoSetting() {
            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.settings().put("installation.id", "lost");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(store.read((StoreSession s) -> s.settings().get("installation.id"))).isEmpty();
        }

        @Test
        void readOnlyWorkCannotChangeSettings() {
            assertThatThrownBy(() -> store.read((StoreSession s) -> {
                s.settings().put("k", "v");
                return null;
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Locks {

        @Test
        void aHeldLockExcludesOtherThreadsUntilReleased() throws Exception {
            StoreLock held = store.lock("app:one", Duration.ZERO).orElseThrow();
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                assertThat(other.submit(() -> store.lock("app:one", Duration.ofMillis(200))).get(10, TimeUnit.SECONDS)).isEmpty();
                Future<Optional<StoreLock>> waiting = other.submit(() -> store.lock("app:one", Duration.ofSeconds(30)));
                held.close();
                Optional<StoreLock> taken = waiting.get(30, TimeUnit.SECONDS);
                assertThat(taken).isPresent();
                taken.get().close();
            } finally {
                other.shutdownNow();
            }
        }

        @Test
        void differentNamesAreIndependentAndReleaseIsIdempotent() throws Exception {
            StoreLock first = store.lock("app:one", Duration.ZERO).orElseThrow();
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Optional<StoreLock> second = other.submit(() -> store.lock("app:two", Duration.ZERO)).get(10, TimeUnit.SECONDS);
                assertThat(second).isPresent();
                assertThat(second.get().name()).isEqualTo("app:two");
                second.get().close();
                first.close();
                first.close();
                Optional<StoreLock> again = other.submit(() -> store.lock("app:one", Duration.ZERO)).get(10, TimeUnit.SECONDS);
                assertThat(again).isPresent();
                again.get().close();
            } finally {
                other.shutdownNow();
            }
        }

        @Test
        void manyThreadsNeverHoldOneLockAtOnce() throws Exception {
            int[] inside = {0};
            int[] maxInside = {0};
            runConcurrently(6, () -> {
                for (int i = 0; i < 20; i++) {
                    try (StoreLock lock = store.lock("reconcile", Duration.ofSeconds(60)).orElseThrow()) {
                        synchronized (inside) {
                            inside[0]++;
                            maxInside[0] = Math.max(maxInside[0], inside[0]);
                        }
                        Thread.sleep(1);
                        synchronized (inside) {
                            inside[0]--;
                        }
                    }
                }
                return null;
            });

            assertThat(maxInside[0]).isEqualTo(1);
        }
    }

    @Nested
    class MigrationRuns {

        private MigrationRun run(String id, Instant started, MigrationRunStatus status) {
            return new MigrationRun(id, "json:/data/apps.json", "postgresql://db:5432/proximity", new MigrationRequest(250, false),
                    status, new MigrationProgress(40, 100, "nginx-x"), new MigrationCounts(30, 5, 3, 2),
                    List.of(new MigrationEvent(started, "start", "started"), new MigrationEvent(started.plusSeconds(1), "batch", "40/100 ✓")),
                    List.of(new RecordOutcome(6, "broken-entry", RecordOutcome.Result.ERROR, "lxc_id 'one-hundred' is not a number"),
                            new RecordOutcome(2, null, RecordOutcome.Result.ERROR, "no id")),
                    started, started.plusSeconds(2), status == MigrationRunStatus.COMPLETED ? started.plusSeconds(3) : null);
        }

        @Test
        void savedRunReadsBackEqual() {
            MigrationRun run = run("run-1", T0, MigrationRunStatus.RUNNING);
            store.write((StoreSession s) -> {
                s.migrationRuns().save(run);
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.migrationRuns().find("run-1"))).contains(run);
            assertThat(store.read((StoreSession s) -> s.migrationRuns().find("run-2"))).isEmpty();
        }

        @Test
        void saveReplacesByIdAndListIsNewestFirst() {
            store.write((StoreSession s) -> {
                s.migrationRuns().save(run("run-old", T0, MigrationRunStatus.RUNNING));
                s.migrationRuns().save(run("run-new", T0.plusSeconds(60), MigrationRunStatus.RUNNING));
                s.migrationRuns().save(run("run-old", T0, MigrationRunStatus.COMPLETED));
                return null;
            });

            List<MigrationRun> runs = store.read((StoreSession s) -> s.migrationRuns().list());
            assertThat(runs).extracting(MigrationRun::id).containsExactly("run-new", "run-old");
            assertThat(runs.get(1).status()).isEqualTo(MigrationRunStatus.COMPLETED);
            assertThat(runs.get(1).finishedAt()).isEqualTo(T0.plusSeconds(3));
        }
    }

    @Nested
    class PortLeases {

        private final PortRange range = new PortRange(8100, 8104);
        private final Instant expiry = T0.plus(Duration.ofMinutes(30));

        private Optional<PortLease> reserveLowest(String owner, Instant now) {
            return store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, owner, now, now.plus(Duration.ofMinutes(30))));
        }

        @Test
        void reservesTheLowestFreePortsInOrder() {
            assertThat(reserveLowest("a", T0)).get().extracting(PortLease::port).isEqualTo(8100);
            assertThat(reserveLowest("b", T0)).get().extracting(PortLease::port).isEqualTo(8101);
            store.write((StoreSession s) -> s.portLeases().release("a"));
            assertThat(reserveLowest("c", T0)).get().extracting(PortLease::port).isEqualTo(8100);
        }

        @Test
        void reservationCarriesOwnerStateAndTimes() {
            PortLease lease = reserveLowest("a", T0).orElseThrow();

            assertThat(lease).isEqualTo(new PortLease(8100, "a", LeaseState.RESERVED, T0, expiry));
            assertThat(store.read((StoreSession s) -> s.portLeases().find(8100))).contains(lease);
        }

        @Test
        void fullRangeYieldsEmpty() {
            for (int i = 0; i < range.size(); i++) {
                assertThat(reserveLowest("o" + i, T0)).isPresent();
            }
            assertThat(reserveLowest("late", T0)).isEmpty();
            assertThat(store.read((StoreSession s) -> s.portLeases().countLive(range, T0))).isEqualTo(5);
        }

        @Test
        void specificPortIsReservedOnlyWhenFreeAndIdempotentForItsOwner() {
            Optional<PortLease> first = store.write((StoreSession s) -> s.portLeases().reserve(8103, "a", T0, expiry));

            assertThat(first).get().extracting(PortLease::port, PortLease::ownerId).containsExactly(8103, "a");
            assertThat(store.write((StoreSession s) -> s.portLeases().reserve(8103, "a", T0.plusSeconds(1), expiry))).isEqualTo(first);
            assertThat(store.write((StoreSession s) -> s.portLeases().reserve(8103, "b", T0, expiry))).isEmpty();
            assertThat(reserveLowest("c", T0)).get().extracting(PortLease::port).isEqualTo(8100);
        }

        @Test
        void expiredReservationIsReclaimableButNotBefore() {
            reserveLowest("crashed", T0);
            Instant justBefore = expiry.minusMillis(1);

            assertThat(store.write((StoreSession s) -> s.portLeases().reserve(8100, "b", justBefore, justBefore.plusSeconds(60)))).isEmpty();
            assertThat(reserveLowest("b", justBefore)).get().extracting(PortLease::port).isEqualTo(8101);
            assertThat(store.read((StoreSession s) -> s.portLeases().countLive(range, justBefore))).isEqualTo(2);
            assertThat(store.read((StoreSession s) -> s.portLeases().countLive(range, expiry))).isEqualTo(1);
            PortLease taken = reserveLowest("c", expiry).orElseThrow();
            assertThat(taken.port()).isEqualTo(8100);
            assertThat(taken.ownerId()).isEqualTo("c");
            assertThat(store.read((StoreSession s) -> s.portLeases().findByOwner("crashed"))).isEmpty();
        }

        @Test
        void boundLeasesNeverExpire() {
            store.write((StoreSession s) -> s.portLeases().reserve(8100, "app", T0, expiry));
            store.write((StoreSession s) -> s.portLeases().reserve(9100, "app", T0, expiry));

            List<PortLease> bound = store.write((StoreSession s) -> s.portLeases().bind("app"));

            assertThat(bound).extracting(PortLease::port).containsExactly(8100, 9100);
            assertThat(bound).allSatisfy(l -> {
                assertThat(l.state()).isEqualTo(LeaseState.BOUND);
                assertThat(l.expiresAt()).isNull();
            });
            Instant muchLater = T0.plus(Duration.ofDays(365));
            assertThat(reserveLowest("other", muchLater)).get().extracting(PortLease::port).isEqualTo(8101);
            assertThat(store.write((StoreSession s) -> s.portLeases().deleteExpired(muchLater))).isZero();
            assertThat(store.write((StoreSession s) -> s.portLeases().deleteExpired(muchLater.plus(Duration.ofHours(1))))).isEqualTo(1);
            assertThat(store.read((StoreSession s) -> s.portLeases().findByOwner("app"))).hasSize(2);
        }

        @Test
        void releaseReturnsCountAndIsHarmlessTwice() {
            store.write((StoreSession s) -> s.portLeases().reserve(8100, "app", T0, expiry));
            store.write((StoreSession s) -> s.portLeases().reserve(9100, "app", T0, expiry));

            assertThat(store.write((StoreSession s) -> s.portLeases().release("app"))).isEqualTo(2);
            assertThat(store.write((StoreSession s) -> s.portLeases().release("app"))).isZero();
            assertThat(store.read((StoreSession s) -> s.portLeases().find(8100))).isEmpty();
        }

        @Test
        void deleteExpiredRemovesOnlyExpiredReservations() {
            store.write((StoreSession s) -> s.portLeases().reserve(8100, "old", T0, T0.plusSeconds(10)));
            store.write((StoreSession s) -> s.portLeases().reserve(8101, "new", T0, T0.plusSeconds(100)));

            assertThat(store.write((StoreSession s) -> s.portLeases().deleteExpired(T0.plusSeconds(10)))).isEqualTo(1);
            assertThat(store.read((StoreSession s) -> s.portLeases().listAfter(0, 10))).extracting(PortLease::ownerId).containsExactly("new");
        }

        @Test
        void listAfterAndSaveCopyLeasesVerbatim() {
            PortLease bound = new PortLease(9105, "x", LeaseState.BOUND, T0, null);
            PortLease reserved = new PortLease(8105, "y", LeaseState.RESERVED, T0, expiry);
            store.write((StoreSession s) -> {
                s.portLeases().save(bound);
                s.portLeases().save(reserved);
                s.portLeases().save(new PortLease(8107, "z", LeaseState.RESERVED, T0, expiry));
                s.portLeases().save(new PortLease(8107, "w", LeaseState.BOUND, T0, null));
                return null;
            });

            assertThat(store.read((StoreSession s) -> s.portLeases().listAfter(0, 10))).containsExactly(reserved,
                    new PortLease(8107, "w", LeaseState.BOUND, T0, null), bound);
            assertThat(store.read((StoreSession s) -> s.portLeases().listAfter(8105, 1))).extracting(PortLease::port).containsExactly(8107);
        }

        @Test
        void concurrentReservationsNeverShareAPort() throws Exception {
            PortRange wide = new PortRange(20000, 20099);
            int threads = 6;
            int perThread = 10;
            List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
            List<Integer> slots = Collections.synchronizedList(new ArrayList<>(IntStream.range(0, threads).boxed().toList()));

            runConcurrently(threads, () -> {
                int slot = slots.remove(0);
                for (int i = 0; i < perThread; i++) {
                    String owner = "t" + slot + "-" + i;
                    store.write((StoreSession s) -> s.portLeases().reserveLowestFree(wide, owner, T0, expiry)).map(PortLease::port).ifPresent(taken::add);
                }
                return null;
            });

            assertThat(taken).hasSize(threads * perThread).doesNotHaveDuplicates();
            assertThat(Set.copyOf(taken)).allSatisfy(p -> assertThat(wide.contains(p)).isTrue());
            assertThat(store.read((StoreSession s) -> s.portLeases().countLive(wide, T0))).isEqualTo(threads * perThread);
        }
    }

    /**
     * Runs the same task on several threads at once and rethrows the first failure.
     *
     * @param threads how many threads
     * @param task the task
     * @throws Exception the first failure
     */
    protected static void runConcurrently(int threads, Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A guest as a sync would keep it. */
    protected static InventoryResource guest(int vmid, String node, String status, List<String> tags, Instant at) {
        ObservedResource seen = new ObservedResource("lxc/" + vmid, ResourceType.LXC, node, "ct" + vmid, vmid, status, tags,
                Map.of("maxmem", "536870912", "maxcpu", "2", "template", "0"), Map.of("cpu", 0.0125, "mem", 73420800.0));
        return new InventoryResource(seen, "d-" + vmid + "-" + status + "-" + node, at, at, at, false);
    }

    @Nested
    class Inventory {

        private List<String> resourceIds(Page<InventoryResource> page) {
            return page.items().stream().map(InventoryResource::id).collect(Collectors.toList());
        }

        @Test
        void resourcesRoundTripFieldForField() {
            ObservedResource seen = new ObservedResource("storage/pve/local-lvm", ResourceType.STORAGE, "pve", "local-lvm",
                    null, "available", List.of(), Map.of("content", "rootdir,images", "plugintype", "lvmthin", "shared", "0",
                    "label", "ünïcødé ✓"), Map.of("disk", 123456789.0));
            InventoryResource storage = new InventoryResource(seen, "abc123", T0, T0.plusMillis(5), T0.plusMillis(7), true);
            InventoryResource ct = guest(101, "pve", "running", List.of("proximity", "web"), T0);
            store.write((StoreSession s) -> {
                s.inventory().putAll(List.of(storage, ct));
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.inventory().find("storage/pve/local-lvm"))).contains(storage);
            assertThat(store.read((StoreSession s) -> s.inventory().find("lxc/101"))).contains(ct);
            assertThat(store.read((StoreSession s) -> s.inventory().find("lxc/999"))).isEmpty();
            assertThat(store.read((StoreSession s) -> s.inventory().all())).containsExactly(ct, storage);
        }

        @Test
        void putReplacesByIdAndDeleteCountsWhatExisted() {
            store.write((StoreSession s) -> {
                s.inventory().putAll(List.of(guest(101, "pve", "running", List.of(), T0), guest(102, "pve", "stopped", List.of(), T0)));
                return null;
            });
            InventoryResource moved = guest(101, "pve2", "stopped", List.of("x"), T0.plusSeconds(60));
            store.write((StoreSession s) -> {
                s.inventory().putAll(List.of(moved));
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.inventory().find("lxc/101"))).contains(moved);
            assertThat(store.write((StoreSession s) -> s.inventory().deleteAll(List.of("lxc/102", "lxc/404")))).isEqualTo(1);
            assertThat(store.read((StoreSession s) -> s.inventory().all())).containsExactly(moved);
        }

        @Test
        void aFailedWriteKeepsNothing() {
            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.inventory().putAll(List.of(guest(101, "pve", "running", List.of(), T0)));
                s.inventory().appendAll(List.of(new StateChange(StateChange.idOf(T0, "lxc/101"), ChangeType.CREATED, T0,
                        guest(101, "pve", "running", List.of(), T0))));
                throw new IllegalStateException("boom");
            })).hasMessageContaining("boom");
            assertThat(store.read((StoreSession s) -> s.inventory().all())).isEmpty();
            assertThat(store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all())).total()).isZero();
        }

        @Test
        void queriesFilterByTypeNodeStatusAndTagAndPage() {
            List<InventoryResource> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(guest(100 + i, i % 2 == 0 ? "pve" : "pve2", i % 3 == 0 ? "running" : "stopped",
                        i % 5 == 0 ? List.of("proximity", "proximity-abc") : List.of("other"), T0));
            }
            all.add(new InventoryResource(new ObservedResource("node/pve", ResourceType.NODE, "pve", "pve", null, "online",
                    List.of(), Map.of("maxcpu", "16"), Map.of()), "n1", T0, T0, T0, false));
            store.write((StoreSession s) -> {
                s.inventory().putAll(all);
                return null;
            });
            Page<InventoryResource> lxcOnPve = store.read((StoreSession s) -> s.inventory().find(
                    InventoryQuery.all().ofType(ResourceType.LXC).onNode("pve").page(0, 4)));
            assertThat(lxcOnPve.total()).isEqualTo(15);
            assertThat(resourceIds(lxcOnPve)).containsExactly("lxc/100", "lxc/102", "lxc/104", "lxc/106");
            Page<InventoryResource> second = store.read((StoreSession s) -> s.inventory().find(
                    InventoryQuery.all().ofType(ResourceType.LXC).onNode("pve").page(1, 4)));
            assertThat(resourceIds(second)).containsExactly("lxc/108", "lxc/110", "lxc/112", "lxc/114");
            Page<InventoryResource> tagged = store.read((StoreSession s) -> s.inventory().find(
                    InventoryQuery.all().taggedWith("proximity").withStatus("running")));
            assertThat(resourceIds(tagged)).containsExactly("lxc/100", "lxc/115");
            // a tag is matched whole, never as a part of another tag
            assertThat(store.read((StoreSession s) -> s.inventory().find(InventoryQuery.all().taggedWith("proxim"))).total()).isZero();
            assertThat(resourceIds(store.read((StoreSession s) -> s.inventory().find(InventoryQuery.all().ofType(ResourceType.NODE)))))
                    .containsExactly("node/pve");
            assertThat(store.read((StoreSession s) -> s.inventory().find(InventoryQuery.all())).total()).isEqualTo(31);
        }

        @Test
        void historyKeepsSnapshotsInTimeOrderWithFiltersAndPaging() {
            List<StateChange> snapshots = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Instant at = T0.plusSeconds(60L * i);
                String id = "lxc/" + (100 + i % 3);
                ChangeType change = i < 3 ? ChangeType.DISCOVERED : i % 4 == 0 ? ChangeType.DELETED : ChangeType.UPDATED;
                snapshots.add(new StateChange(StateChange.idOf(at, id), change, at, guest(100 + i % 3, "pve", "s" + i, List.of(), T0)));
            }
            Collections.shuffle(snapshots, new java.util.Random(7));
            store.write((StoreSession s) -> {
                s.inventory().appendAll(snapshots);
                return null;
            });
            Page<StateChange> of101 = store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all().of("lxc/101")));
            assertThat(of101.items()).extracting(c -> c.resource().observed().status()).containsExactly("s1", "s4", "s7", "s10");
            assertThat(of101.items().get(1).change()).isEqualTo(ChangeType.DELETED);
            Page<StateChange> window = store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all()
                    .between(T0.plusSeconds(120), T0.plusSeconds(360)).page(1, 2)));
            assertThat(window.total()).isEqualTo(4);
            assertThat(window.items()).extracting(c -> c.resource().observed().status()).containsExactly("s4", "s5");
            Page<StateChange> deletions = store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all().ofChange(ChangeType.DELETED)));
            assertThat(deletions.items()).extracting(StateChange::at)
                    .containsExactly(T0.plusSeconds(240), T0.plusSeconds(480));
            StateChange first = store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all().page(0, 1))).items().get(0);
            assertThat(store.read((StoreSession s) -> s.inventory().snapshot(first.id()))).contains(first);
            assertThat(first.resource()).isEqualTo(guest(100, "pve", "s0", List.of(), T0));
        }

        @Test
        void snapshotsAfterWalksEveryOneAndPruneRemovesOnlyOlderOnes() {
            List<StateChange> snapshots = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                Instant at = T0.plusSeconds(i);
                snapshots.add(new StateChange(StateChange.idOf(at, "lxc/101"), ChangeType.UPDATED, at,
                        guest(101, "pve", "s" + i, List.of(), T0)));
            }
            store.write((StoreSession s) -> {
                s.inventory().appendAll(snapshots);
                return null;
            });
            List<StateChange> walked = new ArrayList<>();
            String after = null;
            while (true) {
                String from = after;
                List<StateChange> batch = store.read((StoreSession s) -> s.inventory().snapshotsAfter(from, 3));
                walked.addAll(batch);
                if (batch.size() < 3) {
                    break;
                }
                after = batch.get(batch.size() - 1).id();
            }
            assertThat(walked).containsExactlyElementsOf(snapshots);
            assertThat(store.write((StoreSession s) -> s.inventory().deleteSnapshotsBefore(T0.plusSeconds(3)))).isEqualTo(3);
            assertThat(store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all())).items()).extracting(StateChange::at)
                    .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5), T0.plusSeconds(6));
        }

        @Test
        void aSnapshotWithAKeptIdReplacesIt() {
            StateChange once = new StateChange(StateChange.idOf(T0, "lxc/101"), ChangeType.CREATED, T0,
                    guest(101, "pve", "running", List.of(), T0));
            StateChange again = new StateChange(once.id(), ChangeType.UPDATED, T0, guest(101, "pve", "stopped", List.of(), T0));
            store.write((StoreSession s) -> {
                s.inventory().appendAll(List.of(once));
                return null;
            });
            store.write((StoreSession s) -> {
                s.inventory().appendAll(List.of(again));
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.inventory().history(HistoryQuery.all())).items()).containsExactly(again);
        }
    }

    protected static AppBackup backup(String id, String appId, BackupStatus status, Instant createdAt) {
        return new AppBackup(id, appId, "pve", 101, "local",
                status == BackupStatus.COMPLETED ? "local:backup/vzdump-lxc-101-2025_10_04-00_33_41.tar.zst" : null,
                status == BackupStatus.COMPLETED ? 123_456_789_012L : 0, BackupMode.SNAPSHOT, BackupCompression.ZSTD, status,
                createdAt, createdAt.plusMillis(7));
    }

    @Nested
    class Backups {

        @Test
        void backupsRoundTripFieldForField() {
            AppBackup creating = new AppBackup("b-1", "nginx-web", "pve2", 123_456_789, "backup-nfs", null, 0, BackupMode.STOP,
                    BackupCompression.NONE, BackupStatus.CREATING, T0, T0.plusMillis(1));
            AppBackup done = backup("b-2", "nginx-web", BackupStatus.COMPLETED, T0.plusSeconds(1));
            store.write((StoreSession s) -> {
                s.backups().put(creating);
                s.backups().put(done);
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.backups().find("b-1"))).contains(creating);
            assertThat(store.read((StoreSession s) -> s.backups().find("b-2"))).contains(done);
            assertThat(store.read((StoreSession s) -> s.backups().find("b-404"))).isEmpty();
        }

        @Test
        void putReplacesByIdAndDeleteSaysWhetherItWasKept() {
            store.write((StoreSession s) -> {
                s.backups().put(backup("b-1", "a", BackupStatus.CREATING, T0));
                return null;
            });
            AppBackup completed = backup("b-1", "a", BackupStatus.CREATING, T0)
                    .completed("local:backup/vzdump-lxc-101-2025_10_04-00_33_42.tar.zst", 42, T0.plusSeconds(9));
            store.write((StoreSession s) -> {
                s.backups().put(completed);
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.backups().ofApp("a"))).containsExactly(completed);
            assertThat(store.write((StoreSession s) -> s.backups().delete("b-1"))).isTrue();
            assertThat(store.write((StoreSession s) -> s.backups().delete("b-1"))).isFalse();
            assertThat(store.read((StoreSession s) -> s.backups().ofApp("a"))).isEmpty();
        }

        @Test
        void anAppsBackupsComeOldestFirstAndOnlyItsOwn() {
            store.write((StoreSession s) -> {
                s.backups().put(backup("b-9", "a", BackupStatus.COMPLETED, T0));
                s.backups().put(backup("b-1", "a", BackupStatus.FAILED, T0.plusSeconds(2)));
                s.backups().put(backup("b-5", "a", BackupStatus.COMPLETED, T0.plusSeconds(2)));
                s.backups().put(backup("b-3", "other", BackupStatus.COMPLETED, T0.plusSeconds(1)));
                return null;
            });
            assertThat(store.read((StoreSession s) -> s.backups().ofApp("a"))).extracting(AppBackup::id)
                    .containsExactly("b-9", "b-1", "b-5");
            assertThat(store.read((StoreSession s) -> s.backups().ofApp("nobody"))).isEmpty();
        }

        @Test
        void backupsPageInIdOrder() {
            store.write((StoreSession s) -> {
                for (int i = 0; i < 25; i++) {
                    s.backups().put(backup(String.format("b-%03d", 24 - i), "a" + (i % 3), BackupStatus.COMPLETED, T0.plusSeconds(i)));
                }
                return null;
            });
            List<AppBackup> first = store.read((StoreSession s) -> s.backups().after(null, 10));
            assertThat(first).extracting(AppBackup::id).startsWith("b-000", "b-001").hasSize(10);
            List<AppBackup> rest = store.read((StoreSession s) -> s.backups().after("b-009", 100));
            assertThat(rest).extracting(AppBackup::id).hasSize(15).startsWith("b-010").endsWith("b-024");
        }

        @Test
        void aFailedWriteKeepsNoBackup() {
            assertThatThrownBy(() -> store.write((StoreSession s) -> {
                s.backups().put(backup("b-1", "a", BackupStatus.CREATING, T0));
                throw new IllegalStateException("boom");
            })).hasMessageContaining("boom");
            assertThat(store.read((StoreSession s) -> s.backups().find("b-1"))).isEmpty();
        }

        @Test
        void aStoreSourceStreamsEveryBackup() {
            store.write((StoreSession s) -> {
                s.backups().put(backup("b-2", "a", BackupStatus.COMPLETED, T0));
                s.backups().put(backup("b-1", "b", BackupStatus.DELETING, T0));
                return null;
            });
            List<AppBackup> streamed = new ArrayList<>();
            try (RecordSource source = RecordSource.of(store)) {
                source.stream(null, new RecordVisitor() {
                    @Override
                    public boolean backup(AppBackup backup) {
                        streamed.add(backup);
                        return true;
                    }
                });
            }
            assertThat(streamed).extracting(AppBackup::id).containsExactly("b-1", "b-2");
        }
    }
}
