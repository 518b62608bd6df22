-- An instance renewing a durable media's upload claims the row until this time (system clock,
-- milliseconds), commits, and uploads outside any transaction: no database connection is held while
-- WeCom answers, and instances asked at once upload once.
ALTER TABLE durable_media ADD COLUMN renewing_until BIGINT;
