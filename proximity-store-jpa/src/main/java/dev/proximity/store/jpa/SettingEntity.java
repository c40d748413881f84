package dev.proximity.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of table {@code setting}. */
@Entity(name = "SettingRow")
@Table(name = "setting")
class SettingEntity {

    @Id
    @Column(name = "setting_key", nullable = false)
    String key;

    @Column(name = "setting_value", nullable = false)
    String value;

    /** For Hibernate. */
    SettingEntity() {
    }

    SettingEntity(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
