package io.jobscale.clustersim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variables the kubelet gives every container for every Service of its namespace with a cluster IP (unless the
 * pod sets {@code enableServiceLinks: false}), built the way the kubelet's {@code envvars.FromServices} builds them:
 * {@code <SVC>_SERVICE_HOST}, {@code <SVC>_SERVICE_PORT}, {@code <SVC>_SERVICE_PORT_<PORTNAME>}, and the Docker-link
 * style {@code <SVC>_PORT}, {@code <SVC>_PORT_<n>_<PROTO>} with its {@code _PROTO}, {@code _PORT} and {@code _ADDR}.
 */
final class ServiceLinks {

    private ServiceLinks() {
    }

    /** The variables for {@code services}, each given the next made-up cluster IP from 10.96.0.10 on. */
    static Map<String, String> of(List<Map<String, Object>> services) {
        Map<String, String> env = new LinkedHashMap<>();
        int nextIp = 10;
        for (Map<String, Object> service : services) {
            Map<String, Object> spec = Manifests.map(service.get("spec"));
            if ("None".equals(spec.get("clusterIP"))) continue;   // headless: no links
            List<Object> ports = Manifests.list(spec.get("ports"));
            if (ports.isEmpty()) continue;
            String ip = "10.96.0." + nextIp++;
            String prefix = variableName(Manifests.name(service));
            env.put(prefix + "_SERVICE_HOST", ip);
            for (int i = 0; i < ports.size(); i++) {
                Map<String, Object> port = Manifests.map(ports.get(i));
                String number = port.get("port").toString();
                String protocol = port.getOrDefault("protocol", "TCP").toString().toUpperCase(Locale.ROOT);
                String url = protocol.toLowerCase(Locale.ROOT) + "://" + ip + ":" + number;
                if (i == 0) {
                    env.put(prefix + "_SERVICE_PORT", number);
                    env.put(prefix + "_PORT", url);
                }
                if (port.get("name") != null) {
                    env.put(prefix + "_SERVICE_PORT_" + variableName(port.get("name").toString()), number);
                }
                String link = prefix + "_PORT_" + number + "_" + protocol;
                env.put(link, url);
                env.put(link + "_PROTO", protocol.toLowerCase(Locale.ROOT));
                env.put(link + "_PORT", number);
                env.put(link + "_ADDR", ip);
            }
        }
        return env;
    }

    private static String variableName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
