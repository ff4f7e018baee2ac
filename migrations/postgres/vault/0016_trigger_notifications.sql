-- Same as migrations/sqlite/vault/0016_trigger_notifications.sql.
ALTER TABLE notifications DROP CONSTRAINT notifications_action_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_action_check CHECK (action IN
    ('rectified', 'erased', 'restricted', 'restriction_lifted', 'trigger'));
ALTER TABLE notifications ADD COLUMN trigger_name TEXT
    CHECK (trigger_name IS NULL OR length(trigger_name) <= 64);
ALTER TABLE notifications ADD CONSTRAINT notifications_trigger_named
    CHECK ((action = 'trigger') = (trigger_name IS NOT NULL));
