package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.TriggerMetadata.Source;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.List;

/**
 * Type {@code redis}, as KEDA's list scaler: the length of {@code listName} (a list; sets, sorted sets and hashes
 * count their members, as KEDA's script does; a missing key is 0). Every field, its sources and its default are
 * listed in docs/autoscaler.md. The connection: {@code address} (host:port), or {@code host} and {@code port};
 * each may come from the metadata, from {@code xFromEnv}, or from the TriggerAuthentication. A connection per read
 * keeps no socket open between polls.
 */
final class RedisTrigger extends ThresholdTrigger {

    /** KEDA's default {@code listLength}. */
    static final double DEFAULT_LIST_LENGTH = 5;
    private static final int TIMEOUT_MILLIS = 3000;
    private static final String LENGTH_SCRIPT = """
            local listType = redis.call('type', KEYS[1]).ok
            if listType == 'zset' then return redis.call('zcard', KEYS[1])
            elseif listType == 'set' then return redis.call('scard', KEYS[1])
            elseif listType == 'hash' then return redis.call('hlen', KEYS[1])
            elseif listType == 'list' or listType == 'none' then return redis.call('llen', KEYS[1])
            else return redis.error_reply('ERR unsupported key type: ' .. listType) end
            """;

    private final HostAndPort address;
    private final DefaultJedisClientConfig config;
    private final String listName;

    RedisTrigger(TriggerSpec spec, TriggerMetadata metadata) {
        super(spec.metricType(), metadata.target("listLength", DEFAULT_LIST_LENGTH),
                metadata.number("activationListLength", 0));
        this.address = address(metadata);
        this.listName = metadata.required("listName");
        for (String certificate : List.of("cert", "key", "keyPassword", "ca")) {
            metadata.unsupported(certificate, "(TLS client certificates) is not supported by the built-in autoscaler");
        }
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .database(metadata.integer("databaseIndex", 0))
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS);
        if (tls(metadata)) {
            builder.ssl(true);
            if (metadata.bool("unsafeSsl", false)) {
                builder.sslSocketFactory(UnsafeTls.socketFactory()).hostnameVerifier((host, session) -> true);
            }
        }
        metadata.param("username", Source.METADATA, Source.ENV, Source.AUTH).ifPresent(builder::user);
        metadata.param("password", Source.METADATA, Source.ENV, Source.AUTH).ifPresent(builder::password);
        this.config = builder.build();
    }

    /** KEDA: {@code address} wins; otherwise {@code host} and {@code port} are both needed (no default port). */
    private static HostAndPort address(TriggerMetadata metadata) {
        String field = "address";
        String hostPort = metadata.param("address", Source.METADATA, Source.AUTH, Source.ENV).orElse(null);
        if (hostPort == null) {
            String host = metadata.param("host", Source.METADATA, Source.ENV, Source.AUTH)
                    .orElseThrow(() -> metadata.error("address", "or host and port are required"));
            String port = metadata.param("port", Source.METADATA, Source.ENV, Source.AUTH)
                    .orElseThrow(() -> metadata.error("port", "is required with host"));
            hostPort = host + ":" + port;
            field = "port";
        }
        hostPort = hostPort.split(",")[0].trim();
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) throw metadata.error(field, "must be host:port, was '" + hostPort + "'");
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return new HostAndPort(hostPort.substring(0, colon).replaceAll("^\\[|]$", ""), port);
        } catch (NumberFormatException e) {
            throw metadata.error(field, "has an invalid port: '" + hostPort + "'");
        }
    }

    /** {@code enableTLS} in the metadata or {@code tls: enable|disable} in the TriggerAuthentication, not both. */
    private static boolean tls(TriggerMetadata metadata) {
        var inMetadata = metadata.text("enableTLS");
        var inAuth = metadata.param("tls", Source.AUTH);
        if (inMetadata.isPresent() && inAuth.isPresent()) {
            throw metadata.error("enableTLS", "and the TriggerAuthentication's tls cannot both be set");
        }
        if (inAuth.isPresent()) {
            return switch (inAuth.get()) {
                case "enable" -> true;
                case "disable" -> false;
                default -> throw metadata.error("tls", "must be enable or disable, was '" + inAuth.get() + "'");
            };
        }
        return inMetadata.map(v -> metadata.parseBool("enableTLS", v)).orElse(false);
    }

    @Override
    public String metricName() {
        return "redis-list-" + listName;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        try (Jedis jedis = new Jedis(address, config)) {
            Object length = jedis.eval(LENGTH_SCRIPT, 1, listName);
            return reading(((Number) length).doubleValue());
        } catch (JedisException e) {
            throw new TriggerException("redis " + address + " length of " + listName + " failed: " + e.getMessage(), e);
        }
    }
}
