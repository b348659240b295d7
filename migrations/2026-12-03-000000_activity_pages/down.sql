DROP INDEX pledges_period_range_idx;
CREATE INDEX pledges_period_range_idx ON pledges USING gist (daterange(period_start, period_end, '[]'));
DROP INDEX pledges_municipality_idx;
CREATE INDEX pledges_municipality_idx ON pledges (municipality_id);
