/**
 * Apps: the records that describe a deployed catalog app, and {@link dev.proximity.api.app.AppService},
 * the use cases for deploying and running them.
 */
package dev.proximity.api.app;
