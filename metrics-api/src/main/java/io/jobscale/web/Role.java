package io.jobscale.web;

/**
 * What a signed-in person may do. Machine credentials ({@link WebAuthSettings}) and an open server act as
 * {@link #OPERATOR}, as before sign-in existed.
 */
public enum Role {
    /** Reads everything; every state-changing request is answered 403. */
    VIEWER,
    /** Also requeues, deletes, triggers and pauses. */
    OPERATOR
}
