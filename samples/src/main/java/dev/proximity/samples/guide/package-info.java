/**
 * Small programs that show how to use Proximity; each runs as a test in the build, so none rots.
 */
package dev.proximity.samples.guide;
