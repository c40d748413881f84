/**
 * One unchecked exception hierarchy, rooted at {@link dev.proximity.api.error.ProximityException}.
 * Each exception carries the context a caller needs to act: which record, which field, which range,
 * which Proxmox call and what it answered.
 */
package dev.proximity.api.error;
