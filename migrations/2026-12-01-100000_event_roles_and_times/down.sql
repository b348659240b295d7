ALTER TABLE events DROP CONSTRAINT events_starts_at_needs_day, DROP COLUMN starts_at;

-- One role per organization again: keep the first of organizer, participant, invited.
DELETE FROM event_participants a
USING event_participants b
WHERE a.event_id = b.event_id AND a.organization_id = b.organization_id
  AND array_position(ARRAY['organizer', 'participant', 'invited'], a.role)
    > array_position(ARRAY['organizer', 'participant', 'invited'], b.role);
ALTER TABLE event_participants
    DROP CONSTRAINT event_participants_pkey,
    ADD PRIMARY KEY (event_id, organization_id);
