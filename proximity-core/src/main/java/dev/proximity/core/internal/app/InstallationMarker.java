package dev.proximity.core.internal.app;

import dev.proximity.api.platform.ContainerInfo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How this installation marks the containers it creates, so that it recognises its own (and an
 * orphan among them) and never touches another installation's or a user's container: the tags
 * {@code proximity} and {@code proximity-<installation id>}, and the app id in the description.
 */
public final class InstallationMarker {

    /** The tag every Proximity installation puts on its containers. */
    static final String PROXIMITY_TAG = "proximity";
    private static final Pattern APP_LINE = Pattern.compile("(?m)^proximity-app: (\\S+)\\s*$");

    private final String installationId;
    private final String installationTag;

    /** @param installationId the installation's id */
    public InstallationMarker(String installationId) {
        this.installationId = installationId;
        this.installationTag = PROXIMITY_TAG + "-" + installationId.toLowerCase(Locale.ROOT);
    }

    String installationId() {
        return installationId;
    }

    /** @return the tags to create a container with */
    public List<String> tags() {
        return List.of(PROXIMITY_TAG, installationTag);
    }

    /**
     * @param appId the app
     * @param deploymentId the deployment attempt
     * @return the container description that names them
     */
    String description(String appId, String deploymentId) {
        return "Managed by Proximity. Changes made here may be undone.\n"
                + "proximity-installation: " + installationId + "\n"
                + "proximity-app: " + appId + "\n"
                + "proximity-deployment: " + deploymentId + "\n";
    }

    /**
     * @param container a container as a list or status call reports it
     * @return whether it carries this installation's tag
     */
    boolean marks(ContainerInfo container) {
        return container.tags().stream().anyMatch(tag -> tag.trim().equalsIgnoreCase(installationTag));
    }

    /**
     * @param tags a container's tags
     * @return whether they hold this installation's tag
     */
    public boolean marksTags(java.util.Collection<String> tags) {
        return tags.stream().anyMatch(tag -> tag.trim().equalsIgnoreCase(installationTag));
    }

    /**
     * @param tags a container's tags
     * @return whether they carry the Proximity tag without any installation's tag (the original
     *         Proximity's containers, and this library's before installation ids)
     */
    public static boolean marksLegacy(java.util.Collection<String> tags) {
        return tags.stream().anyMatch(tag -> tag.trim().equalsIgnoreCase(PROXIMITY_TAG)) && !marksAnyInstallation(tags);
    }

    /**
     * @param tags a container's tags
     * @return whether they hold some installation's tag ({@code proximity-ID}): an installation manages it
     */
    public static boolean marksAnyInstallation(java.util.Collection<String> tags) {
        return tags.stream().anyMatch(tag -> tag.trim().toLowerCase(Locale.ROOT).startsWith(PROXIMITY_TAG + "-"));
    }

    /**
     * @param config a container's configuration
     * @return whether its tags hold this installation's tag
     */
    boolean marksConfig(Map<String, String> config) {
        return tagsIn(config).stream().anyMatch(tag -> tag.equalsIgnoreCase(installationTag));
    }

    /**
     * @param config a container's configuration
     * @return its tags (Proxmox separates them with {@code ;}, some writers with {@code ,} or spaces)
     */
    static List<String> tagsIn(Map<String, String> config) {
        String tags = config.get("tags");
        return tags == null || tags.isBlank() ? List.of() : List.of(tags.trim().split("[;,\\s]+"));
    }

    /**
     * @param config a container's configuration
     * @return the app id its description names, if any
     */
    static Optional<String> appIdIn(Map<String, String> config) {
        String description = config.get("description");
        if (description == null) {
            return Optional.empty();
        }
        Matcher matcher = APP_LINE.matcher(description);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
