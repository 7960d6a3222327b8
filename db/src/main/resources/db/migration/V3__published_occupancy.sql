-- Occupied workers per server, published by each worker with its heartbeat. jobrunr keeps this count only in memory;
-- the metrics API (workers usage) and the Kubernetes scaler (pod deletion cost: idle pods first) need it per server,
-- and reading it here is one small query however many jobs are processing.
ALTER TABLE jobrunr_backgroundjobservers ADD COLUMN occupiedWorkers int NOT NULL DEFAULT 0;
