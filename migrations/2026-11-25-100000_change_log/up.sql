-- The change log: one row per record created, updated or deleted, written in the same transaction
-- as the change itself (by the importer, later by edits). Rows are never updated: readers page
-- through them by `id`, which only grows. A row keeps no key into the record's table, so that it
-- outlives the record; the municipality is kept as text for the same reason.
CREATE TABLE changes (
    id                bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    -- The dataset version whose import made the change; null for a change made otherwise.
    dataset_version   text CHECK (dataset_version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
    record_type       text NOT NULL CHECK (record_type IN ('agreement', 'pledge', 'focus_area', 'activity',
                          'activity_status')),
    record_id         text NOT NULL CHECK (record_id <> ''),
    action            text NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    municipality      text NOT NULL CHECK (municipality <> ''),
    municipality_code text NOT NULL CHECK (municipality_code ~ '^[0-9]{4}$'),
    -- What the record said at the time (an activity's description as summary); a deletion keeps
    -- only the record's type and id, never a stale copy.
    title             text,
    summary           text,
    -- For activities: the current status after the change, and the day it took effect.
    status            text CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled', 'unknown')),
    status_since      date,
    CHECK (CASE WHEN action = 'deleted'
                THEN num_nonnulls(title, summary, status, status_since) = 0
                ELSE title IS NOT NULL END),
    CHECK (record_type <> 'activity_status' OR action = 'updated')
);
CREATE INDEX changes_changed_at_idx ON changes (changed_at, id);
CREATE INDEX changes_municipality_idx ON changes (municipality, id);
CREATE INDEX changes_municipality_code_idx ON changes (municipality_code, id);
CREATE INDEX changes_record_type_idx ON changes (record_type, id);
