package io.jobscale.web;

import io.javalin.http.Context;

/**
 * Who made a request, as {@link WebAuth} established it.
 *
 * @param name    the signed-in username, or a description for machine credentials and open servers
 * @param role    what the request may do
 * @param session true when a browser session cookie authenticated the request (CSRF checks apply)
 */
public record Principal(String name, Role role, boolean session) {

    static final String ATTRIBUTE = "jobscale.principal";
    static final Principal ANONYMOUS = new Principal("anonymous", Role.OPERATOR, false);
    static final Principal MACHINE = new Principal("credential", Role.OPERATOR, false);

    /** The principal of a request that passed authentication; an operator on a server without it. */
    public static Principal of(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        return principal == null ? ANONYMOUS : principal;
    }
}
