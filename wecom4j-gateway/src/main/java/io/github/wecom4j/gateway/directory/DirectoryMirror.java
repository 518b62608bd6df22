package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.callback.event.ChangeContactEvent;
import io.github.wecom4j.gateway.cluster.ClusterTasks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mirror of the configured corp: reconciles (periodic, on one instance of the cluster at a time,
 * and on demand), applies change_contact events and the gateway's own writes, reports its state.
 */
public final class DirectoryMirror {

    private final MirrorStore store;
    private final DirectoryQueries queries;
    private final ClusterTasks tasks;
    private final String corp;
    private final DirectoryReconciler reconciler;
    private final ContactChangeApplier applier;
    private final HrSync hrSync;
    private final Duration lockAtMostFor;
    private final Duration onDemandMinInterval;

    DirectoryMirror(WeComClient wecom, MirrorStore store, DirectoryQueries queries, ClusterTasks tasks,
                    DirectoryProperties properties) {
        this.store = store;
        this.queries = queries;
        this.tasks = tasks;
        this.corp = wecom.config().corpId();
        this.reconciler = new DirectoryReconciler(wecom.contacts(), store, corp);
        this.applier = new ContactChangeApplier(wecom.contacts(), store, corp);
        this.hrSync = new HrSync(wecom.contacts(), store, corp,
                new MemberCreationJobs(wecom.contacts(), properties.getSyncJobTimeout()), properties.getSyncJobMinCreates(),
                properties.getSyncMaxDuration());
        // A 50,000-member corp loads in well under this; a longer run would let a second instance start.
        Duration every = properties.getReconcileEvery();
        this.lockAtMostFor = every.compareTo(Duration.ofMinutes(30)) > 0 ? every : Duration.ofMinutes(30);
        this.onDemandMinInterval = properties.getReconcileMinInterval();
    }

    String corpId() {
        return corp;
    }

    MirrorStore store() {
        return store;
    }

    DirectoryQueries queries() {
        return queries;
    }

    /** What the console and {@code /api/directory/status} show: loaded, last reconcile and its drift, last HR sync. */
    java.util.Map<String, Object> status() {
        MirrorStore.State s = state();
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("corpId", corp);
        out.put("loaded", s.loaded());
        out.put("loadedAt", s.loadedAt() == null ? null : s.loadedAt().toInstant().toString());
        out.put("details", s.details());
        out.put("members", queries.memberCount(corp));
        out.put("departments", queries.departments(corp).size());
        out.put("lastReconcileAt", s.lastReconcileAt() == null ? null : s.lastReconcileAt().toInstant().toString());
        out.put("lastReconcileMs", s.lastReconcileMs());
        out.put("lastDrift", s.lastDrift());
        out.put("lastDriftDetail", s.lastDriftDetail());
        out.put("totalDrift", s.totalDrift());
        out.put("lastError", s.lastError());
        out.put("lastSyncAt", s.lastSyncAt() == null ? null : s.lastSyncAt().toInstant().toString());
        out.put("lastSyncSummary", s.lastSyncSummary());
        return out;
    }

    String lockName() {
        return "directory-reconcile-" + corp;
    }

    Duration lockAtMostFor() {
        return lockAtMostFor;
    }

    /** Reconciles now unless another instance is reconciling this corp (then empty). */
    public Optional<DirectoryReconciler.Result> reconcileNow() {
        AtomicReference<DirectoryReconciler.Result> result = new AtomicReference<>();
        tasks.runExclusively(lockName(), lockAtMostFor, Duration.ZERO, () -> result.set(reconciler.run()));
        return Optional.ofNullable(result.get());
    }

    /**
     * A reconcile asked for by a caller (API, console): refused with 429 when one was asked for less
     * than {@code reconcile-min-interval} ago on any instance (the claim is a conditional UPDATE of
     * the corp's state row, so two instances cannot both pass). A request refused with 409 because
     * another instance is reconciling still counts: that reconcile answers it.
     */
    public Optional<DirectoryReconciler.Result> reconcileOnDemand() {
        if (!onDemandMinInterval.isZero()) {
            Duration wait = store.claimOnDemandReconcile(corp, onDemandMinInterval);
            if (!wait.isZero()) {
                throw DirectoryException.reconcileTooSoon(wait);
            }
        }
        return reconcileNow();
    }

    /** Runs an HR sync unless one of this corp is running on any instance (then empty). */
    Optional<SyncReport> sync(DesiredOrgReader.Read input, boolean dryRun) {
        AtomicReference<SyncReport> result = new AtomicReference<>();
        tasks.runExclusively("directory-sync-" + corp, lockAtMostFor, Duration.ZERO, () -> result.set(hrSync.run(input, dryRun)));
        return Optional.ofNullable(result.get());
    }

    /** The periodic run (ClusterTasks already holds the lock). */
    void reconcileHoldingLock() {
        reconciler.run();
    }

    public void apply(ChangeContactEvent event) {
        applier.apply(event);
    }

    public MirrorStore.State state() {
        return store.state(corp);
    }

    public boolean loaded() {
        return state().loaded();
    }
}
