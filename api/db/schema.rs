//! Diesel's view of the tables in `migrations/`. The generated `search` tsvector columns are left out:
//! full-text queries reach them through SQL in `queries/`.

diesel::table! {
    dataset_versions (id) {
        id -> Int4,
        version -> Text,
        released_on -> Date,
        digest -> Text,
        imported_at -> Timestamptz,
        synthetic -> Bool,
    }
}

diesel::table! {
    sources (id) {
        id -> Int8,
        public_id -> Text,
        title -> Text,
        publisher -> Text,
        kind -> Text,
        published_on -> Nullable<Date>,
        url -> Nullable<Text>,
        language -> Text,
        note -> Nullable<Text>,
        no_url_reason -> Nullable<Text>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    themes (id) {
        id -> Int8,
        code -> Text,
        label_sv -> Text,
        label_en -> Text,
        description -> Nullable<Text>,
        position -> Int4,
    }
}

diesel::table! {
    organizations (id) {
        id -> Int8,
        public_id -> Text,
        kind -> Text,
        name -> Text,
        parent_id -> Nullable<Int8>,
        note -> Nullable<Text>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    municipalities (organization_id) {
        organization_id -> Int8,
        name -> Text,
        code -> Text,
        county_code -> Text,
        county_name -> Text,
        police_region_id -> Nullable<Int8>,
        local_police_area_id -> Nullable<Int8>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    people (id) {
        id -> Int8,
        public_id -> Text,
        name -> Text,
    }
}

diesel::table! {
    person_roles (id) {
        id -> Int8,
        person_id -> Int8,
        position -> Int4,
        title -> Text,
        organization_id -> Nullable<Int8>,
        party -> Nullable<Text>,
        as_of -> Nullable<Date>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    agreements (id) {
        id -> Int8,
        public_id -> Text,
        municipality_id -> Int8,
        title -> Text,
        signed_on -> Nullable<Date>,
        period_start -> Nullable<Date>,
        period_end -> Nullable<Date>,
        period_precision -> Nullable<Text>,
        summary -> Nullable<Text>,
        follow_up -> Nullable<Text>,
        note -> Nullable<Text>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    agreement_parties (agreement_id, organization_id) {
        agreement_id -> Int8,
        organization_id -> Int8,
        position -> Int4,
        role -> Text,
    }
}

diesel::table! {
    signatories (agreement_id, person_id) {
        agreement_id -> Int8,
        person_id -> Int8,
        position -> Int4,
        role -> Text,
        organization_id -> Nullable<Int8>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    pledges (id) {
        id -> Int8,
        public_id -> Text,
        municipality_id -> Int8,
        agreement_id -> Nullable<Int8>,
        title -> Text,
        period_start -> Nullable<Date>,
        period_end -> Nullable<Date>,
        period_precision -> Nullable<Text>,
        published_on -> Nullable<Date>,
        summary -> Nullable<Text>,
        note -> Nullable<Text>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    focus_areas (id) {
        id -> Int8,
        public_id -> Text,
        pledge_id -> Nullable<Int8>,
        agreement_id -> Nullable<Int8>,
        position -> Int4,
        title -> Text,
        description -> Nullable<Text>,
        goals -> Nullable<Text>,
    }
}

diesel::table! {
    focus_area_themes (focus_area_id, theme_id) {
        focus_area_id -> Int8,
        theme_id -> Int8,
    }
}

diesel::table! {
    activities (id) {
        id -> Int8,
        public_id -> Text,
        pledge_id -> Int8,
        focus_area_id -> Nullable<Int8>,
        position -> Int4,
        title -> Text,
        description -> Nullable<Text>,
        planned_start -> Nullable<Date>,
        planned_end -> Nullable<Date>,
        due_on -> Nullable<Date>,
        note -> Nullable<Text>,
        status -> Text,
        status_since -> Nullable<Date>,
        responsible -> Array<Text>,
        sources -> Array<Text>,
    }
}

diesel::table! {
    activity_responsibles (activity_id, organization_id) {
        activity_id -> Int8,
        organization_id -> Int8,
    }
}

diesel::table! {
    activity_status_events (id) {
        id -> Int8,
        activity_id -> Int8,
        status -> Text,
        effective_on -> Date,
        note -> Nullable<Text>,
        source_id -> Int8,
    }
}

diesel::table! {
    events (id) {
        id -> Int8,
        public_id -> Text,
        kind -> Text,
        title -> Text,
        held_on -> Nullable<Date>,
        location -> Nullable<Text>,
        summary -> Nullable<Text>,
        note -> Nullable<Text>,
        starts_at -> Nullable<Time>,
        inferred -> Jsonb,
    }
}

diesel::table! {
    event_participants (event_id, organization_id, role) {
        event_id -> Int8,
        organization_id -> Int8,
        role -> Text,
    }
}

diesel::table! {
    event_people (event_id, person_id) {
        event_id -> Int8,
        person_id -> Int8,
        role -> Text,
    }
}

diesel::table! {
    citations (id) {
        id -> Int8,
        source_id -> Int8,
        organization_id -> Nullable<Int8>,
        agreement_id -> Nullable<Int8>,
        pledge_id -> Nullable<Int8>,
        focus_area_id -> Nullable<Int8>,
        activity_id -> Nullable<Int8>,
        person_role_id -> Nullable<Int8>,
        event_id -> Nullable<Int8>,
    }
}

diesel::table! {
    statements (id) {
        id -> Int8,
        public_id -> Text,
        position -> Int4,
        person_id -> Int8,
        role -> Text,
        organization_id -> Nullable<Int8>,
        municipality_id -> Int8,
        agreement_id -> Nullable<Int8>,
        pledge_id -> Nullable<Int8>,
        focus_area_id -> Nullable<Int8>,
        activity_id -> Nullable<Int8>,
        quote -> Text,
        source_id -> Int8,
        note -> Nullable<Text>,
    }
}

diesel::joinable!(municipalities -> organizations (organization_id));
diesel::joinable!(person_roles -> people (person_id));
diesel::joinable!(agreements -> municipalities (municipality_id));
diesel::joinable!(agreement_parties -> agreements (agreement_id));
diesel::joinable!(agreement_parties -> organizations (organization_id));
diesel::joinable!(signatories -> agreements (agreement_id));
diesel::joinable!(signatories -> people (person_id));
diesel::joinable!(pledges -> municipalities (municipality_id));
diesel::joinable!(focus_area_themes -> focus_areas (focus_area_id));
diesel::joinable!(focus_area_themes -> themes (theme_id));
diesel::joinable!(activities -> pledges (pledge_id));
diesel::joinable!(activities -> focus_areas (focus_area_id));
diesel::joinable!(activity_responsibles -> activities (activity_id));
diesel::joinable!(activity_responsibles -> organizations (organization_id));
diesel::joinable!(activity_status_events -> activities (activity_id));
diesel::joinable!(activity_status_events -> sources (source_id));
diesel::joinable!(event_participants -> events (event_id));
diesel::joinable!(event_participants -> organizations (organization_id));
diesel::joinable!(event_people -> events (event_id));
diesel::joinable!(event_people -> people (person_id));
diesel::joinable!(citations -> sources (source_id));

diesel::allow_tables_to_appear_in_same_query!(
    statements,
    dataset_versions,
    sources,
    themes,
    organizations,
    municipalities,
    people,
    person_roles,
    agreements,
    agreement_parties,
    signatories,
    pledges,
    focus_areas,
    focus_area_themes,
    activities,
    activity_responsibles,
    activity_status_events,
    events,
    event_participants,
    event_people,
    citations,
);
