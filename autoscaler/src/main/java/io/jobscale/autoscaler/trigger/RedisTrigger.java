package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Type {@code redis}, as KEDA's list scaler: the length of list {@code listName}. Metadata: {@code address}
 * (host:port) or {@code host} + {@code port}, {@code listLength} (target, default 5), {@code activationListLength}
 * (default 0), {@code databaseIndex} (default 0), {@code enableTLS} (default false); {@code password} from the
 * TriggerAuthentication. A connection per read keeps no socket open between polls.
 */
final class RedisTrigger extends ThresholdTrigger {

    private final HostAndPort address;
    private final DefaultJedisClientConfig config;
    private final String listName;

    RedisTrigger(TriggerSpec spec) {
        this(spec, new TriggerMetadata(spec));
    }

    private RedisTrigger(TriggerSpec spec, TriggerMetadata metadata) {
        super(spec.metricType(), metadata.target("listLength", 5.0), metadata.number("activationListLength", 0));
        String hostPort = metadata.text("address").orElseGet(() -> metadata.required("host") + ":" + metadata.text("port").orElse("6379"));
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) throw metadata.error("address", "must be host:port, was '" + hostPort + "'");
        try {
            this.address = new HostAndPort(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw metadata.error("address", "has an invalid port: '" + hostPort + "'");
        }
        this.listName = metadata.required("listName");
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .database((int) metadata.number("databaseIndex", 0))
                .ssl(Boolean.parseBoolean(metadata.text("enableTLS").orElse("false")))
                .connectionTimeoutMillis(3000).socketTimeoutMillis(3000);
        metadata.auth("password").ifPresent(builder::password);
        metadata.auth("username").ifPresent(builder::user);
        this.config = builder.build();
    }

    @Override
    public String metricName() {
        return "redis-list-" + listName;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        try (Jedis jedis = new Jedis(address, config)) {
            double length = jedis.llen(listName);
            return reading(length);
        } catch (JedisException e) {
            throw new TriggerException("redis " + address + " LLEN " + listName + " failed: " + e.getMessage(), e);
        }
    }
}
