//! One municipality: its organization, people, agreements, pledges and events.

use chrono::Duration;

use super::activities::{activity, focus_area};
use super::rng::Rng;
use super::texts::{AGREEMENT_SUMMARIES, FOLLOW_UPS};
use super::{organization, person_name, role, sources, ymd, Params};
use crate::dataset::model::*;
use crate::domain::{Period, Precision};

pub(super) fn municipality(d: &mut Dataset, p: &Params, i: u32, area: &str, region: &str) {
    let mut rng = Rng::new(p.seed, u64::from(i));
    let n = i + 1;
    let id = format!("syn-{n:04}");
    let name = format!("Syntetisk kommun {n}");
    let county = i % 25 + 1;
    let mut org = organization(id.clone(), "municipality", name.clone(), None);
    org.note = Some("Påhittad kommun i syntetiska testdata; koden är inte SCB:s.".into());
    d.organizations.push(org);
    d.municipalities.push(Municipality {
        inferred: Vec::new(),
        id: id.clone(),
        name: name.clone(),
        code: format!("{county:02}{:02}", i / 25 + 1),
        county_code: format!("{county:02}"),
        county_name: format!("Syntetiskt län {county:02}"),
        police_region: Some(region.into()),
        local_police_area: Some(area.into()),
    });

    let chair = format!("{id}-ordforande");
    let party = *rng.pick(&["S", "M", "C", "L", "KD", "V", "MP", "SD"]);
    let mut roles = vec![role(
        "kommunstyrelsens ordförande",
        &id,
        Some(party),
        ymd(p.first_year, 1, 1),
    )];
    if p.years > 4 {
        roles.push(role(
            "kommunråd",
            &id,
            Some(party),
            ymd(p.first_year + 4, 1, 1),
        ));
    }
    d.people.push(Person {
        id: chair.clone(),
        name: person_name(&mut rng),
        roles,
    });
    let officer = format!("{id}-kommunpolis");
    d.people.push(Person {
        id: officer.clone(),
        name: person_name(&mut rng),
        roles: vec![role("kommunpolis", area, None, ymd(p.first_year, 1, 1))],
    });
    let chief = format!("{area}-chef");
    let themes: Vec<String> = d.themes.iter().map(|t| t.code.clone()).collect();

    // Four-year agreements from the first year on; the last may run past the generated years.
    let mut start = p.first_year;
    while start <= p.last_year() {
        let end = start + 3;
        let agreement = format!("{id}-{start}-{end}");
        let signed_on = ymd(start, 1, 1) + Duration::days(rng.below(60) as i64);
        let focus_areas = (1..=rng.between(2, 4))
            .map(|f| focus_area(&mut rng, &themes, &agreement, f))
            .collect::<Vec<_>>();
        d.agreements.push(Agreement {
            inferred: Vec::new(),
            id: agreement.clone(),
            municipality: id.clone(),
            title: format!("Syntetisk samverkansöverenskommelse för {name} {start}-{end}"),
            signed_on: Some(signed_on),
            period: Some(Period {
                start: ymd(start, 1, 1),
                end: ymd(end, 12, 31),
                precision: Precision::Year,
            }),
            summary: Some(format!(
                "{name} och polisen samverkar i fyra år om {}. {}",
                lower_titles(&focus_areas),
                rng.pick(AGREEMENT_SUMMARIES)
            )),
            follow_up: Some((*rng.pick(FOLLOW_UPS)).into()),
            note: Some("Syntetiska testdata: överenskommelsen finns inte.".into()),
            sources: sources(),
            parties: vec![id.clone(), area.into()],
            signatories: vec![
                Signatory {
                    inferred: Vec::new(),
                    person: chair.clone(),
                    role: "kommunstyrelsens ordförande".into(),
                    organization: Some(id.clone()),
                },
                Signatory {
                    inferred: Vec::new(),
                    person: chief.clone(),
                    role: "lokalpolisområdeschef".into(),
                    organization: Some(area.into()),
                },
            ],
            focus_areas,
        });
        d.events.push(Event {
            inferred: Vec::new(),
            id: format!("{agreement}-undertecknande"),
            kind: "signing".into(),
            title: format!("Undertecknande av samverkansöverenskommelse i {name}"),
            held_on: Some(signed_on),
            starts_at: None,
            location: Some(format!("Stadshuset, {name}")),
            summary: Some("Kommunen och polisen undertecknar en ny överenskommelse.".into()),
            note: Some("Syntetiska testdata.".into()),
            organizations: vec![
                (id.clone(), "organizer".into()),
                (area.into(), "participant".into()),
            ],
            people: vec![
                (chair.clone(), "undertecknare".into()),
                (chief.clone(), "undertecknare".into()),
            ],
            sources: sources(),
        });
        start += 4;
    }

    // A pledge a year; every fifth municipality makes two-year pledges instead.
    let two_year = i % 5 == 4;
    let mut year = p.first_year;
    while year <= p.last_year() {
        let end = if two_year && year < p.last_year() {
            year + 1
        } else {
            year
        };
        let pledge = if end == year {
            format!("{id}-{year}")
        } else {
            format!("{id}-{year}-{end}")
        };
        let period = Period {
            start: ymd(year, 1, 1),
            end: ymd(end, 12, 31),
            precision: Precision::Year,
        };
        let agreement_start = p.first_year + (year - p.first_year) / 4 * 4;
        let focus_areas: Vec<FocusArea> = (1..=rng.between(2, 5))
            .map(|f| focus_area(&mut rng, &themes, &pledge, f))
            .collect();
        let mut activities = Vec::new();
        for f in &focus_areas {
            for _ in 0..rng.between(3, 10) {
                let n = activities.len() + 1;
                activities.push(activity(&mut rng, f, &pledge, n, &period, &id, area));
            }
        }
        let years = if end == year {
            format!("{year}")
        } else {
            format!("{year}-{end}")
        };
        d.pledges.push(Pledge {
            inferred: Vec::new(),
            id: pledge.clone(),
            municipality: id.clone(),
            agreement: Some(format!("{id}-{agreement_start}-{}", agreement_start + 3)),
            title: format!("Syntetiskt medborgarlöfte för {name} {years}"),
            period: Some(period),
            published_on: Some(ymd(year, 1, 1) + Duration::days(rng.below(75) as i64)),
            summary: Some(format!(
                "Kommunen och polisen lovar invånarna i {name} att under {years} prioritera {}.",
                lower_titles(&focus_areas)
            )),
            note: Some("Syntetiska testdata: löftet finns inte.".into()),
            sources: sources(),
            focus_areas,
            activities,
        });
        if rng.chance(30) {
            d.events.push(Event {
                inferred: Vec::new(),
                id: format!("{pledge}-medborgardialog"),
                kind: "meeting".into(),
                title: format!("Medborgardialog om trygghet i {name} {year}"),
                held_on: Some(ymd(year, 1, 1) + Duration::days(rng.below(365) as i64)),
                starts_at: None,
                location: Some(format!("Biblioteket, {name}")),
                summary: Some(
                    "Invånarna berättar var de känner sig otrygga; underlag för nästa löfte."
                        .into(),
                ),
                note: Some("Syntetiska testdata.".into()),
                organizations: vec![
                    (id.clone(), "organizer".into()),
                    (area.into(), "participant".into()),
                ],
                people: vec![(officer.clone(), "samtalsledare".into())],
                sources: sources(),
            });
        }
        year = end + 1;
    }
}

fn lower_titles(areas: &[FocusArea]) -> String {
    let titles: Vec<String> = areas.iter().map(|f| f.title.to_lowercase()).collect();
    match titles.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} och {last}", rest.join(", ")),
        None => String::new(),
    }
}
