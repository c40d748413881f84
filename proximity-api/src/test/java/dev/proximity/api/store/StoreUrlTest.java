package dev.proximity.api.store;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreUrlTest {

    @Test
    void recognisesTheThreeKinds() {
        assertThat(StoreUrl.parse("json:data/apps.json").kind()).isEqualTo(StoreUrl.Kind.JSON);
        assertThat(StoreUrl.parse("json:data/apps.json").location()).isEqualTo("data/apps.json");
        assertThat(StoreUrl.parse("jdbc:sqlite:/var/lib/proximity.db").kind()).isEqualTo(StoreUrl.Kind.SQLITE);
        assertThat(StoreUrl.parse("jdbc:postgresql://db:5432/prox?user=u&password=p").kind()).isEqualTo(StoreUrl.Kind.POSTGRESQL);
    }

    @Test
    void otherSchemesAreLeftToThirdPartyFactories() {
        StoreUrl url = StoreUrl.parse("mysql://db/prox");

        assertThat(url.kind()).isEqualTo(StoreUrl.Kind.OTHER);
        assertThat(url.scheme()).isEqualTo("mysql");
        assertThat(url.location()).isEqualTo("//db/prox");
        assertThat(StoreUrl.parse("dual:json:/a.json|jdbc:sqlite:/b.db").kind()).isEqualTo(StoreUrl.Kind.DUAL);
        assertThatThrownBy(() -> Stores.open("mysql://db/prox"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("a StoreFactory for scheme 'mysql'")
                .hasMessageContaining("json:PATH/apps.json")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void aUrlWithoutSchemeIsRejected() {
        assertThatThrownBy(() -> StoreUrl.parse("/var/lib/apps.json")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("has no scheme");
    }

    @Test
    void schemeWithoutLocationIsRejected() {
        assertThatThrownBy(() -> StoreUrl.parse("json:")).hasMessageContaining("names no file");
        assertThatThrownBy(() -> StoreUrl.parse(" ")).hasMessageContaining("required");
    }

    @Test
    void passwordsNeverPrint() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://db:5432/prox?user=u&password=hunter2&ssl=true");

        assertThat(url.toString()).doesNotContain("hunter2").contains("password=******").contains("ssl=true");
        assertThat(StoreUrl.parse("redis://x?password=hunter2").toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> Stores.open("redis://x?password=hunter2")).hasMessageContaining("redis")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void opensNothingWhenNoAdapterIsOnTheClassPath() {
        assertThatThrownBy(() -> Stores.open("json:/tmp/none.json")).hasMessageContaining("proximity-store-json");
    }
}
