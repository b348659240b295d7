-- An organization may have more than one role at an event: invited, and then taking part.
ALTER TABLE event_participants
    DROP CONSTRAINT event_participants_pkey,
    ADD PRIMARY KEY (event_id, organization_id, role);

-- The local time an event began, where a source gives it; a time needs its day.
ALTER TABLE events
    ADD COLUMN starts_at time,
    ADD CONSTRAINT events_starts_at_needs_day CHECK (starts_at IS NULL OR held_on IS NOT NULL);
