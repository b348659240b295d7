-- The whole domain model. Public ids are readable, stable strings; integer keys stay internal.

CREATE TABLE dataset_versions (
    id          integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    version     text NOT NULL CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
    released_on date NOT NULL,
    digest      text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    imported_at timestamptz NOT NULL DEFAULT now(),
    synthetic   boolean NOT NULL DEFAULT false
);

CREATE TABLE sources (
    id           bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id    text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title        text NOT NULL CHECK (title <> ''),
    publisher    text NOT NULL CHECK (publisher <> ''),
    kind         text NOT NULL CHECK (kind IN ('press_release', 'press_invitation', 'news_article',
                     'pledge_document', 'agreement_document', 'follow_up_report', 'web_page', 'register')),
    published_on date,
    url          text CHECK (url ~ '^https?://'),
    language     text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    note         text
);

CREATE TABLE themes (
    id          bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z]+(_[a-z]+)*$'),
    label_sv    text NOT NULL CHECK (label_sv <> ''),
    label_en    text NOT NULL CHECK (label_en <> ''),
    description text,
    position    integer NOT NULL
);

CREATE TABLE organizations (
    id        bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    kind      text NOT NULL CHECK (kind IN ('municipality', 'local_police_area', 'police_area',
                  'police_region', 'police_authority', 'region', 'regional_committee',
                  'county_administrative_board', 'municipal_department')),
    name      text NOT NULL CHECK (name <> ''),
    parent_id bigint REFERENCES organizations (id) ON DELETE RESTRICT,
    note      text,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX organizations_kind_idx ON organizations (kind);
CREATE INDEX organizations_parent_idx ON organizations (parent_id);

-- A municipality is an organization with official codes (SCB kommunkod and länskod).
CREATE TABLE municipalities (
    organization_id      bigint PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    name                 text NOT NULL CHECK (name <> ''),
    code                 text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{4}$'),
    county_code          text NOT NULL CHECK (county_code ~ '^[0-9]{2}$' AND county_code = left(code, 2)),
    county_name          text NOT NULL CHECK (county_name <> ''),
    police_region_id     bigint REFERENCES organizations (id) ON DELETE RESTRICT,
    local_police_area_id bigint REFERENCES organizations (id) ON DELETE RESTRICT
);
CREATE INDEX municipalities_county_idx ON municipalities (county_code);

CREATE TABLE people (
    id        bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name      text NOT NULL CHECK (name <> '')
);

-- A person's title at an organization as a source gives it, as of a date when the source is dated.
CREATE TABLE person_roles (
    id              bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    person_id       bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    title           text NOT NULL CHECK (title <> ''),
    organization_id bigint REFERENCES organizations (id) ON DELETE RESTRICT,
    party           text,
    as_of           date,
    UNIQUE (person_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX person_roles_organization_idx ON person_roles (organization_id);

CREATE TABLE agreements (
    id               bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id        text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    municipality_id  bigint NOT NULL REFERENCES municipalities (organization_id) ON DELETE RESTRICT,
    title            text NOT NULL CHECK (title <> ''),
    signed_on        date,
    period_start     date,
    period_end       date,
    period_precision text CHECK (period_precision IN ('day', 'month', 'year')),
    summary          text,
    follow_up        text,
    note             text,
    search           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', title), 'A') ||
        setweight(to_tsvector('swedish', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('swedish', coalesce(follow_up, '')), 'C')) STORED,
    CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end),
    CHECK ((period_start IS NULL AND period_end IS NULL) = (period_precision IS NULL))
);
CREATE INDEX agreements_municipality_idx ON agreements (municipality_id);
CREATE INDEX agreements_period_idx ON agreements (period_start, period_end);
CREATE INDEX agreements_search_idx ON agreements USING gin (search);

CREATE TABLE agreement_parties (
    agreement_id    bigint NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    position        integer NOT NULL,
    role            text NOT NULL CHECK (role IN ('party', 'signing_party')),
    PRIMARY KEY (agreement_id, organization_id)
);
CREATE INDEX agreement_parties_organization_idx ON agreement_parties (organization_id);

CREATE TABLE signatories (
    agreement_id    bigint NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    person_id       bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    position        integer NOT NULL,
    role            text NOT NULL CHECK (role <> ''),
    organization_id bigint REFERENCES organizations (id) ON DELETE RESTRICT,
    PRIMARY KEY (agreement_id, person_id)
);
CREATE INDEX signatories_person_idx ON signatories (person_id);

CREATE TABLE pledges (
    id               bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id        text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    municipality_id  bigint NOT NULL REFERENCES municipalities (organization_id) ON DELETE RESTRICT,
    agreement_id     bigint REFERENCES agreements (id) ON DELETE RESTRICT,
    title            text NOT NULL CHECK (title <> ''),
    period_start     date,
    period_end       date,
    period_precision text CHECK (period_precision IN ('day', 'month', 'year')),
    published_on     date,
    summary          text,
    note             text,
    search           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', title), 'A') ||
        setweight(to_tsvector('swedish', coalesce(summary, '')), 'B')) STORED,
    CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end),
    CHECK ((period_start IS NULL AND period_end IS NULL) = (period_precision IS NULL))
);
CREATE INDEX pledges_municipality_idx ON pledges (municipality_id);
CREATE INDEX pledges_agreement_idx ON pledges (agreement_id);
CREATE INDEX pledges_period_idx ON pledges (period_start, period_end);
CREATE INDEX pledges_search_idx ON pledges USING gin (search);

-- A focus area belongs to exactly one pledge or one agreement.
CREATE TABLE focus_areas (
    id           bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id    text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*/f[0-9]+$'),
    pledge_id    bigint REFERENCES pledges (id) ON DELETE CASCADE,
    agreement_id bigint REFERENCES agreements (id) ON DELETE CASCADE,
    position     integer NOT NULL CHECK (position > 0),
    title        text NOT NULL CHECK (title <> ''),
    description  text,
    goals        text,
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', title), 'A') ||
        setweight(to_tsvector('swedish', coalesce(description, '')), 'B') ||
        setweight(to_tsvector('swedish', coalesce(goals, '')), 'C')) STORED,
    CHECK (num_nonnulls(pledge_id, agreement_id) = 1),
    -- NULLs are distinct, so each constraint only binds focus areas of its own kind of parent.
    UNIQUE (pledge_id, position) DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (agreement_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX focus_areas_search_idx ON focus_areas USING gin (search);

CREATE TABLE focus_area_themes (
    focus_area_id bigint NOT NULL REFERENCES focus_areas (id) ON DELETE CASCADE,
    theme_id      bigint NOT NULL REFERENCES themes (id) ON DELETE RESTRICT,
    PRIMARY KEY (focus_area_id, theme_id)
);
CREATE INDEX focus_area_themes_theme_idx ON focus_area_themes (theme_id);

CREATE TABLE activities (
    id            bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id     text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*/a[0-9]+$'),
    pledge_id     bigint NOT NULL REFERENCES pledges (id) ON DELETE CASCADE,
    focus_area_id bigint REFERENCES focus_areas (id) ON DELETE SET NULL,
    position      integer NOT NULL CHECK (position > 0),
    title         text NOT NULL CHECK (title <> ''),
    description   text,
    planned_start date,
    planned_end   date,
    due_on        date,
    note          text,
    search        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', title), 'A') ||
        setweight(to_tsvector('swedish', coalesce(description, '')), 'B')) STORED,
    UNIQUE (pledge_id, position) DEFERRABLE INITIALLY DEFERRED,
    CHECK (planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end)
);
CREATE INDEX activities_focus_area_idx ON activities (focus_area_id);
CREATE INDEX activities_search_idx ON activities USING gin (search);

CREATE TABLE activity_responsibles (
    activity_id     bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, organization_id)
);
CREATE INDEX activity_responsibles_organization_idx ON activity_responsibles (organization_id);

-- The status history. The current status is the latest event; no event means 'unknown'.
CREATE TABLE activity_status_events (
    id           bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    activity_id  bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled', 'unknown')),
    effective_on date NOT NULL,
    note         text,
    source_id    bigint NOT NULL REFERENCES sources (id) ON DELETE RESTRICT,
    UNIQUE (activity_id, effective_on, status)
);
CREATE INDEX activity_status_events_latest_idx ON activity_status_events (activity_id, effective_on DESC, id DESC);
CREATE INDEX activity_status_events_status_idx ON activity_status_events (status);

CREATE TABLE events (
    id              bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id       text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    kind            text NOT NULL CHECK (kind IN ('conference', 'meeting', 'signing', 'press_conference')),
    title           text NOT NULL CHECK (title <> ''),
    held_on         date,
    location        text,
    summary         text,
    note            text
);
CREATE INDEX events_held_on_idx ON events (held_on);

CREATE TABLE event_participants (
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    role            text NOT NULL CHECK (role IN ('organizer', 'participant', 'invited')),
    PRIMARY KEY (event_id, organization_id)
);
CREATE INDEX event_participants_organization_idx ON event_participants (organization_id);

CREATE TABLE event_people (
    event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    role      text NOT NULL CHECK (role <> ''),
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_people_person_idx ON event_people (person_id);

-- Every record cites at least one source: one row per (source, record), exactly one record column set.
CREATE TABLE citations (
    id              bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    source_id       bigint NOT NULL REFERENCES sources (id) ON DELETE RESTRICT,
    organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
    agreement_id    bigint REFERENCES agreements (id) ON DELETE CASCADE,
    pledge_id       bigint REFERENCES pledges (id) ON DELETE CASCADE,
    focus_area_id   bigint REFERENCES focus_areas (id) ON DELETE CASCADE,
    activity_id     bigint REFERENCES activities (id) ON DELETE CASCADE,
    person_role_id  bigint REFERENCES person_roles (id) ON DELETE CASCADE,
    event_id        bigint REFERENCES events (id) ON DELETE CASCADE,
    CHECK (num_nonnulls(organization_id, agreement_id, pledge_id, focus_area_id, activity_id,
                        person_role_id, event_id) = 1)
);
CREATE UNIQUE INDEX citations_unique_idx ON citations (source_id,
    coalesce(organization_id, 0), coalesce(agreement_id, 0), coalesce(pledge_id, 0),
    coalesce(focus_area_id, 0), coalesce(activity_id, 0), coalesce(person_role_id, 0), coalesce(event_id, 0));
CREATE INDEX citations_organization_idx ON citations (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX citations_agreement_idx ON citations (agreement_id) WHERE agreement_id IS NOT NULL;
CREATE INDEX citations_pledge_idx ON citations (pledge_id) WHERE pledge_id IS NOT NULL;
CREATE INDEX citations_focus_area_idx ON citations (focus_area_id) WHERE focus_area_id IS NOT NULL;
CREATE INDEX citations_activity_idx ON citations (activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX citations_person_role_idx ON citations (person_role_id) WHERE person_role_id IS NOT NULL;
CREATE INDEX citations_event_idx ON citations (event_id) WHERE event_id IS NOT NULL;
