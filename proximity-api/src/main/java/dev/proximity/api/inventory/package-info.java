/**
 * The cluster inventory: what the Proxmox cluster holds now (nodes, containers, VMs, storage,
 * tasks), what changed and when, and how it differs from what the apps say should exist.
 * {@link dev.proximity.api.inventory.InventoryService} is the use case.
 */
package dev.proximity.api.inventory;
