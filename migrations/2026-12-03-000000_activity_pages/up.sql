-- A page of activities under a pledge filter reads the pledges the filter picks, in id order, from
-- the index alone (api/queries/lists/activity_filters.rs): the period's and the municipality's
-- indexes carry what that needs. Every period condition of the API holds only for periods with both
-- ends known, which the period index is now limited to.
DROP INDEX pledges_period_range_idx;
CREATE INDEX pledges_period_range_idx ON pledges USING gist (daterange(period_start, period_end, '[]'))
    INCLUDE (id, public_id, municipality_id, period_start, period_end)
    WHERE period_start IS NOT NULL AND period_end IS NOT NULL;
DROP INDEX pledges_municipality_idx;
CREATE INDEX pledges_municipality_idx ON pledges (municipality_id)
    INCLUDE (id, public_id, period_start, period_end);
