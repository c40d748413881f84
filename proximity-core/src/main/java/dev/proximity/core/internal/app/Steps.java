package dev.proximity.core.internal.app;

/** Step names of the operations besides deploy's (which {@code DeploymentLogEntry} names). */
final class Steps {

    static final String START = "start";
    static final String STOP = "stop";
    static final String RESTART = "restart";
    static final String DELETE = "delete";
    static final String STACK_DOWN = "stack_down";
    static final String LXC_SHUTDOWN = "lxc_shutdown";
    static final String LXC_STOP = "lxc_stop";
    static final String LXC_REBOOT = "lxc_reboot";
    static final String LOCATE = "locate";
    static final String LXC_DESTROY = "lxc_destroy";
    static final String RELEASE = "release";
    static final String RECONCILE = "reconcile";
    static final String UPDATE = "update";
    static final String RESTORE_POINT = "restore_point";
    static final String STACK_PULL = "stack_pull";
    static final String CLONE = "clone";
    static final String RELOCATE = "relocate";
    static final String STACK_REBASE = "stack_rebase";
    static final String MOVE = "move";
    static final String MIGRATE = "migrate";
    static final String RESIZE = "resize";
    static final String RESIZE_CONFIG = "resize_config";
    static final String RESIZE_DISK = "resize_disk";
    static final String RESIZE_UNDO = "resize_undo";
    static final String SNAPSHOT = "snapshot";
    static final String SNAPSHOT_CREATE = "snapshot_create";
    static final String SNAPSHOT_UNDO = "snapshot_undo";
    static final String ROLLBACK = "rollback";
    static final String SNAPSHOT_ROLLBACK = "snapshot_rollback";
    static final String SNAPSHOT_DELETE = "snapshot_delete";
    static final String BACKUP = "backup";
    static final String BACKUP_RECORD = "backup_record";
    static final String BACKUP_LIST = "backup_list";
    static final String BACKUP_CREATE = "backup_create";
    static final String BACKUP_FIND = "backup_find";
    static final String BACKUP_DELETE = "backup_delete";
    static final String RESTORE = "restore";
    static final String BACKUP_RESTORE = "backup_restore";

    private Steps() {
    }
}
