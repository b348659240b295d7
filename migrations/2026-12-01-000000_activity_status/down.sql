DROP TRIGGER activity_statuses_after_insert ON activity_status_events;
DROP TRIGGER activity_statuses_after_update ON activity_status_events;
DROP TRIGGER activity_statuses_after_delete ON activity_status_events;
DROP FUNCTION refresh_activity_statuses();
DROP FUNCTION refresh_activity_statuses_of(bigint[]);
ALTER TABLE activities DROP COLUMN status, DROP COLUMN status_since;
