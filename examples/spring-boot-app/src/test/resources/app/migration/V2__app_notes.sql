-- an application's own migration folder, for the Flyway location test
CREATE TABLE IF NOT EXISTS app_notes (id BIGINT PRIMARY KEY);
