package io.github.wecom4j.gateway.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code gateway.directory.*}: the mirror, its callback endpoint and HR sync. */
@ConfigurationProperties("gateway.directory")
public class DirectoryProperties {

    /**
     * The contacts-sync assistant's event server settings (通讯录同步 → 设置接收事件服务器): a corp-level
     * Token and EncodingAESKey, not an app's. Against real WeCom, without them
     * {@code /wecom/callback/contacts} answers 404 and the mirror relies on reconciles. In the
     * first-run mode the gateway makes up both and configures the embedded emulator with them.
     */
    private String callbackToken = "";
    private String callbackAesKey = "";
    /** How often one instance of the cluster reconciles the mirror with WeCom. */
    private Duration reconcileEvery = Duration.ofHours(1);
    /**
     * Least time between two on-demand reconciles ({@code POST /api/directory/reconcile}, the
     * console's button) across the cluster; 0 disables the limit.
     */
    private Duration reconcileMinInterval = Duration.ofSeconds(60);
    /** Load the mirror in the background once the gateway has started (one instance does it). */
    private boolean loadOnStart = true;
    /** Largest page {@code /api/directory} serves. */
    private int maxPageSize = 500;
    /** HR sync: most members and departments one desired state may hold. */
    private int syncMaxMembers = 100_000;
    private int syncMaxDepartments = 20_000;
    /**
     * HR sync: when at least this many creations can be carried by a job file, they go in
     * {@code batch/syncuser} jobs (one file upload and a few polls) instead of one {@code user/create}
     * each; 0 never uses jobs.
     */
    private int syncJobMinCreates = 50;
    /**
     * HR sync: how long after its start a sync may still start or wait for jobs. A job still
     * running then is reported (its rows' outcome unknown, errcode -3) and the next reconcile
     * brings the mirror up to date. At most 20 minutes, inside the cluster lock a sync holds (30
     * minutes at least).
     */
    private Duration syncJobTimeout = Duration.ofMinutes(10);
    /**
     * HR sync: how long after its start a sync may still send writes. Writes not sent by then are
     * reported (errcode -1, "run the sync again"); the sync holds a cluster lock of at least 30
     * minutes that nothing renews, and a sync writing past it would run beside a second one. At
     * most 25 minutes.
     */
    private Duration syncMaxDuration = Duration.ofMinutes(25);

    public String getCallbackToken() {
        return callbackToken;
    }

    public void setCallbackToken(String callbackToken) {
        this.callbackToken = callbackToken;
    }

    public String getCallbackAesKey() {
        return callbackAesKey;
    }

    public void setCallbackAesKey(String callbackAesKey) {
        this.callbackAesKey = callbackAesKey;
    }

    public Duration getReconcileEvery() {
        return reconcileEvery;
    }

    public void setReconcileEvery(Duration reconcileEvery) {
        this.reconcileEvery = reconcileEvery;
    }

    public Duration getReconcileMinInterval() {
        return reconcileMinInterval;
    }

    public void setReconcileMinInterval(Duration reconcileMinInterval) {
        if (reconcileMinInterval == null || reconcileMinInterval.isNegative()) {
            throw new IllegalArgumentException("gateway.directory.reconcile-min-interval must be >= 0");
        }
        this.reconcileMinInterval = reconcileMinInterval;
    }

    public boolean isLoadOnStart() {
        return loadOnStart;
    }

    public void setLoadOnStart(boolean loadOnStart) {
        this.loadOnStart = loadOnStart;
    }

    public int getMaxPageSize() {
        return maxPageSize;
    }

    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    public int getSyncMaxMembers() {
        return syncMaxMembers;
    }

    public void setSyncMaxMembers(int syncMaxMembers) {
        this.syncMaxMembers = syncMaxMembers;
    }

    public int getSyncMaxDepartments() {
        return syncMaxDepartments;
    }

    public void setSyncMaxDepartments(int syncMaxDepartments) {
        this.syncMaxDepartments = syncMaxDepartments;
    }

    public int getSyncJobMinCreates() {
        return syncJobMinCreates;
    }

    public void setSyncJobMinCreates(int syncJobMinCreates) {
        if (syncJobMinCreates < 0) {
            throw new IllegalArgumentException("gateway.directory.sync-job-min-creates must be >= 0 (0: never use jobs)");
        }
        this.syncJobMinCreates = syncJobMinCreates;
    }

    public Duration getSyncJobTimeout() {
        return syncJobTimeout;
    }

    public void setSyncJobTimeout(Duration syncJobTimeout) {
        this.syncJobTimeout = positiveAtMost(syncJobTimeout, 20, "sync-job-timeout");
    }

    public Duration getSyncMaxDuration() {
        return syncMaxDuration;
    }

    public void setSyncMaxDuration(Duration syncMaxDuration) {
        this.syncMaxDuration = positiveAtMost(syncMaxDuration, 25, "sync-max-duration");
    }

    /** A sync's time bound: more than 0, and at most {@code maxMinutes} (inside the sync's 30-minute cluster lock). */
    private static Duration positiveAtMost(Duration value, int maxMinutes, String property) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(maxMinutes)) > 0) {
            throw new IllegalArgumentException("gateway.directory." + property + " must be more than 0 and at most "
                    + maxMinutes + " minutes");
        }
        return value;
    }
}
