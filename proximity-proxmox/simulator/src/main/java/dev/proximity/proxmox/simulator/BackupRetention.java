package dev.proximity.proxmox.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@code prune-backups} retention ({@code keep-last=3,keep-daily=7}), and which of a guest's
 * backups it keeps, by PVE's rules: options are applied in the order last, hourly, daily, weekly,
 * monthly, yearly; each keeps the newest backup of up to N periods not kept yet; protected backups
 * are neither counted nor removed.
 */
final class BackupRetention {

    private static final List<String> PERIODS = List.of("keep-last", "keep-hourly", "keep-daily", "keep-weekly",
            "keep-monthly", "keep-yearly");

    private final boolean keepAll;
    private final Map<String, Integer> keep;

    private BackupRetention(boolean keepAll, Map<String, Integer> keep) {
        this.keepAll = keepAll;
        this.keep = keep;
    }

    /** @return vzdump's default: keep everything */
    static BackupRetention keepAll() {
        return new BackupRetention(true, Map.of());
    }

    /**
     * @param text a property string, e.g. {@code keep-last=3}
     * @return the retention
     * @throws IllegalArgumentException with PVE's message (without its {@code invalid format - } prefix)
     */
    static BackupRetention parse(String text) {
        boolean all = false;
        Map<String, Integer> keep = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] keyValue = part.trim().split("=", 2);
            String key = keyValue[0];
            if (keyValue.length < 2) {
                throw new IllegalArgumentException("value without key, but schema does not define a default key");
            }
            if (!key.equals("keep-all") && !PERIODS.contains(key)) {
                throw new IllegalArgumentException(key + ": property is not defined in schema and the schema does not allow "
                        + "additional properties");
            }
            if (key.equals("keep-all")) {
                if (!keyValue[1].matches("[01]")) {
                    throw new IllegalArgumentException(key + ": type check ('boolean') failed - got '" + keyValue[1] + "'");
                }
                all = keyValue[1].equals("1");
            } else {
                if (!keyValue[1].matches("\\d{1,9}")) {
                    throw new IllegalArgumentException(key + ": type check ('integer') failed - got '" + keyValue[1] + "'");
                }
                keep.put(key, Integer.parseInt(keyValue[1]));
            }
        }
        return new BackupRetention(all, keep);
    }

    /** @return whether nothing is ever pruned ({@code keep-all=1}, or no positive option) */
    boolean keepsAll() {
        return keepAll || keep.values().stream().noneMatch(count -> count > 0);
    }

    /** @return how many backups a guest may have when vzdump must not prune: the sum of the options, or 0 for no limit */
    int limit() {
        return keepsAll() ? 0 : keep.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the options as vzdump logs them, sorted: {@code keep-daily=7, keep-last=3} */
    String describe() {
        Map<String, String> shown = new java.util.TreeMap<>();
        if (keepAll) {
            shown.put("keep-all", "1");
        }
        keep.forEach((key, count) -> shown.put(key, Integer.toString(count)));
        return shown.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * @param backups one guest's backups on one storage
     * @param ctime a backup's time, epoch seconds
     * @param isProtected whether a backup is protected
     * @param zone the node's time zone, which periods follow
     * @return the backups to remove
     */
    <T> List<T> toRemove(List<T> backups, Function<T, Long> ctime, Function<T, Boolean> isProtected, ZoneId zone) {
        if (keepsAll()) {
            return List.of();
        }
        List<T> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(ctime).reversed());
        Map<T, Mark> marks = new LinkedHashMap<>();
        newestFirst.stream().filter(isProtected::apply).forEach(backup -> marks.put(backup, Mark.PROTECTED));
        for (String period : PERIODS) {
            int count = keep.getOrDefault(period, 0);
            if (count > 0) {
                mark(newestFirst, marks, count, backup -> periodOf(period, Instant.ofEpochSecond(ctime.apply(backup)), zone));
            }
        }
        return newestFirst.stream().filter(backup -> marks.getOrDefault(backup, Mark.REMOVE) == Mark.REMOVE).toList();
    }

    /** Keeps the newest unmarked backup of each of up to {@code count} periods no kept backup covers yet. */
    private static <T> void mark(List<T> newestFirst, Map<T, Mark> marks, int count, Function<T, String> period) {
        Set<String> covered = new HashSet<>();
        newestFirst.stream().filter(backup -> marks.get(backup) == Mark.KEEP).forEach(backup -> covered.add(period.apply(backup)));
        Set<String> added = new HashSet<>();
        for (T backup : newestFirst) {
            String id = period.apply(backup);
            if (marks.containsKey(backup) || covered.contains(id)) {
                continue;
            }
            if (added.contains(id)) {
                marks.put(backup, Mark.REMOVE);
            } else {
                if (added.size() >= count) {
                    return;
                }
                added.add(id);
                marks.put(backup, Mark.KEEP);
            }
        }
    }

    /** A backup's fate so far; protected ones count for no period. */
    private enum Mark { KEEP, REMOVE, PROTECTED }

    private static String periodOf(String option, Instant time, ZoneId zone) {
        ZonedDateTime at = time.atZone(zone);
        return switch (option) {
            case "keep-last" -> Long.toString(time.getEpochSecond());
            case "keep-hourly" -> at.getHour() + "/" + at.toLocalDate();
            case "keep-daily" -> at.toLocalDate().toString();
            case "keep-weekly" -> at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + "/" + at.get(IsoFields.WEEK_BASED_YEAR);
            case "keep-monthly" -> at.getMonthValue() + "/" + at.getYear();
            default -> Integer.toString(at.getYear());
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
