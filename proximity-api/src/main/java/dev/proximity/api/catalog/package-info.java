/**
 * The app catalog: Docker Compose stacks that can be deployed, and the {@link dev.proximity.api.catalog.Catalog}
 * port that supplies them.
 */
package dev.proximity.api.catalog;
