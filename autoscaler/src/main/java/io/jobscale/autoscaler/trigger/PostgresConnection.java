package io.jobscale.autoscaler.trigger;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libpq connection string as KEDA's postgresql trigger takes it ({@code postgresql://user:pw@host:5432/db?sslmode=
 * disable} or {@code host=h port=5432 user=u password=pw dbname=db sslmode=disable}), turned into a JDBC URL and
 * properties. A {@code jdbc:postgresql:} URL is accepted as well.
 */
record PostgresConnection(String url, Properties properties) {

    private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");

    static PostgresConnection parse(String connection) {
        String text = connection.trim();
        Properties properties = new Properties();
        if (text.startsWith("jdbc:")) return new PostgresConnection(text, properties);
        if (text.startsWith("postgres://") || text.startsWith("postgresql://")) return fromUri(text, properties);
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = KEY_VALUE.matcher(text);
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("'")) value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            values.put(m.group(1), value);
        }
        if (values.isEmpty()) throw new IllegalArgumentException("is neither a postgresql:// URL nor key=value pairs");
        return fromValues(values, properties);
    }

    /** The connection KEDA builds from host, port, userName, dbName, sslmode and password. */
    static PostgresConnection of(String host, String port, String user, String database, String sslmode,
                                 String password) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("port", port);
        values.put("user", user);
        values.put("dbname", database);
        values.put("sslmode", sslmode);
        if (password != null) values.put("password", password);
        return fromValues(values, new Properties());
    }

    private static PostgresConnection fromValues(Map<String, String> values, Properties properties) {
        String host = values.getOrDefault("host", "localhost");
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + values.getOrDefault("port", "5432") + "/"
                + values.getOrDefault("dbname", values.getOrDefault("user", "postgres"));
        values.forEach((key, value) -> {
            switch (key) {
                case "host", "port", "dbname" -> { }
                default -> properties.setProperty(key, value);
            }
        });
        return new PostgresConnection(url, properties);
    }

    private static PostgresConnection fromUri(String text, Properties properties) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getMessage());
        }
        if (uri.getRawUserInfo() != null) {
            String[] user = uri.getRawUserInfo().split(":", 2);
            properties.setProperty("user", decode(user[0]));
            if (user.length > 1) properties.setProperty("password", decode(user[1]));
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                properties.setProperty(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new PostgresConnection("jdbc:postgresql://" + uri.getHost() + ":" + port + path, properties);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
