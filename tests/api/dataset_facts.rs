//! The bundled dataset holds the facts the seed documents state.

use openpledges::dataset::{self, Dataset};
use openpledges::domain::Precision;

fn data() -> Dataset {
    dataset::bundled().unwrap_or_else(|e| panic!("{e}"))
}

fn focus_titles(areas: &[dataset::model::FocusArea]) -> Vec<&str> {
    areas.iter().map(|f| f.title.as_str()).collect()
}

#[test]
fn the_three_municipalities_and_their_codes() {
    let d = data();
    for (id, name, code, county) in [
        ("falkenberg", "Falkenberg", "1382", "13"),
        ("trelleborg", "Trelleborg", "1287", "12"),
        ("solvesborg", "Sölvesborg", "1083", "10"),
    ] {
        let m = d
            .municipalities
            .iter()
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(
            (m.name.as_str(), m.code.as_str(), m.county_code.as_str()),
            (name, code, county)
        );
    }
    assert_eq!(
        d.municipalities
            .iter()
            .find(|m| m.id == "solvesborg")
            .unwrap()
            .local_police_area
            .as_deref(),
        Some("lpo-karlshamn")
    );
    // The other Halland municipalities (named, or invited to the conference), without pledges.
    for id in ["kungsbacka", "hylte", "laholm", "halmstad", "varberg"] {
        let m = d
            .municipalities
            .iter()
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(m.county_code, "13");
        assert!(d.pledges.iter().all(|p| p.municipality != id));
    }
}

#[test]
fn solvesborg_pledge_2022_2023_has_three_focus_areas() {
    let d = data();
    let p = d
        .pledges
        .iter()
        .find(|p| p.id == "solvesborg-2022-2023")
        .unwrap();
    assert_eq!(
        focus_titles(&p.focus_areas),
        [
            "Minskad tillgång till- och konsumtion av alkohol, narkotikaklassade läkemedel och droger",
            "Minskad tillgreppsbrottslighet",
            "Ökad trafiksäkerhet"
        ]
    );
    let period = p.period.unwrap();
    assert_eq!(
        (period.to_string().as_str(), period.precision),
        ("2022–2023", Precision::Year)
    );
    assert_eq!(p.agreement.as_deref(), Some("solvesborg-2022-2026"));
    let a = d
        .agreements
        .iter()
        .find(|a| a.id == "solvesborg-2022-2026")
        .unwrap();
    assert_eq!(a.period.unwrap().to_string(), "2022–2026");
    assert_eq!(a.focus_areas.len(), 4, "four samverkansområden");
    assert!(
        a.parties.contains(&"solvesborg".to_owned())
            && a.parties.contains(&"lpo-karlshamn".to_owned())
    );
}

#[test]
fn trelleborg_agreement_2019_2022_has_three_focus_areas() {
    let d = data();
    let a = d
        .agreements
        .iter()
        .find(|a| a.id == "trelleborg-2019-2022")
        .unwrap();
    assert_eq!(a.period.unwrap().to_string(), "2019–2022");
    assert_eq!(
        focus_titles(&a.focus_areas),
        [
            "Ungdomars alkohol- och drogkonsumtion samt relaterad brottslighet",
            "Trygghet i offentlig miljö inklusive trafikmiljön",
            "Trelleborgs hamn - brottsförebyggande arbete"
        ]
    );
    assert!(a.focus_areas[2].themes.contains(&"port".to_owned()));
    let signers: Vec<&str> = a.signatories.iter().map(|s| s.person.as_str()).collect();
    assert_eq!(signers.len(), 2);
    assert!(a.signed_on.is_none(), "the source gives no signing date");
}

#[test]
fn falkenberg_agreement_and_pledge() {
    let d = data();
    let a = d
        .agreements
        .iter()
        .find(|a| a.municipality == "falkenberg")
        .unwrap();
    assert_eq!(a.signed_on.unwrap().to_string(), "2020-01-17");
    assert_eq!(
        a.parties.len(),
        3,
        "municipality, Region Halland's local committee, the police"
    );
    let p = d
        .pledges
        .iter()
        .find(|p| p.municipality == "falkenberg")
        .unwrap();
    assert!(
        p.period.is_none() && p.published_on.is_none(),
        "the pledge page gives no year"
    );
    assert_eq!(p.focus_areas.len(), 2);
    assert!(p.activities.len() >= 4);
    assert!(
        p.activities.iter().all(|a| a.status_events.is_empty()),
        "no source states a status"
    );
}

#[test]
fn the_halland_conference_is_an_event() {
    let d = data();
    let e = d
        .events
        .iter()
        .find(|e| e.id == "halland-konferens-brottsforebyggande")
        .unwrap();
    assert_eq!(e.kind, "conference");
    assert!(e.held_on.is_none(), "the source gives no date");
    assert_eq!(e.location.as_deref(), Some("Halmstads slott"));
}

#[test]
fn every_record_cites_a_source_and_every_seed_is_cited() {
    let d = data();
    let mut cited: Vec<&str> = Vec::new();
    for a in &d.agreements {
        assert!(!a.sources.is_empty(), "{}", a.id);
        cited.extend(a.sources.iter().map(String::as_str));
        for f in &a.focus_areas {
            assert!(!f.sources.is_empty(), "{}", f.id);
        }
    }
    for p in &d.pledges {
        assert!(!p.sources.is_empty(), "{}", p.id);
        cited.extend(p.sources.iter().map(String::as_str));
        for f in &p.focus_areas {
            assert!(!f.sources.is_empty(), "{}", f.id);
        }
        for a in &p.activities {
            assert!(!a.sources.is_empty(), "{}", a.id);
        }
    }
    for e in &d.events {
        cited.extend(e.sources.iter().map(String::as_str));
    }
    // The five documents the dataset was first built from.
    for s in [
        "falkenberg-2020-pressinbjudan-samverkan",
        "falkenberg-medborgarlofte-nyhet",
        "lansstyrelsen-halland-konferens-brottsforebyggande",
        "trelleborg-2019-samverkansoverenskommelse-nyhet",
        "solvesborg-2022-medborgarlofte-nyhet",
    ] {
        assert!(d.sources.iter().any(|x| x.id == s), "no source {s}");
        assert!(
            cited.contains(&s),
            "seed source {s} is cited by no agreement, pledge or event"
        );
    }
}

#[test]
fn no_email_addresses_or_phone_numbers() {
    for entry in walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(!text.contains('@'), "{} contains `@`", entry.display());
        for bad in ["010-566", "070-355", "070-521", "073-401"] {
            assert!(
                !text.contains(bad),
                "{} contains a phone number",
                entry.display()
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
