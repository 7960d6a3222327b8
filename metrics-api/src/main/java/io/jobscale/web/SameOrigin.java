package io.jobscale.web;

import io.javalin.http.Context;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * CSRF defence for requests a session cookie authenticates, next to the cookie's SameSite=Strict: a state-changing
 * request must come from a page of this server, as its Origin (or, lacking that, Referer) header says. Browsers set
 * these headers themselves; a page on another site cannot forge them.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean check(Context ctx) {
        String source = ctx.header("Origin");
        if (source == null || source.equals("null")) source = ctx.header("Referer");
        String host = ctx.header("Host");
        if (source == null || host == null) return false;
        try {
            URI uri = new URI(source);
            if (uri.getHost() == null) return false;
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host)
                    || authority.equalsIgnoreCase(withoutDefaultPort(host, uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A Host header may name the default port ("example.com:443") that an Origin leaves out. */
    private static String withoutDefaultPort(String host, String scheme) {
        String port = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
        return host.endsWith(port) ? host.substring(0, host.length() - port.length()) : host;
    }
}
