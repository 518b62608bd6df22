package io.github.wecom4j.contact;

/** batch/getresult status (doc 90983): 1 queued, 2 running, 3 finished. */
public enum JobStatus {
    QUEUED, RUNNING, FINISHED;

    static JobStatus of(int code) {
        return switch (code) {
            case 1 -> QUEUED;
            case 2 -> RUNNING;
            default -> FINISHED;
        };
    }
}
