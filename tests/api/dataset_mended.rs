//! The facts mended after reading the data against its sources again: addresses of the sources,
//! the publisher of the Falkenberg pledge news, the Halland conference, the Falkenberg signing and
//! wording that had drifted from the sources.

use std::path::{Path, PathBuf};

use openpledges::dataset::{self, model, Dataset};

fn data() -> Dataset {
    dataset::bundled().unwrap_or_else(|e| panic!("{e}"))
}

fn source<'d>(d: &'d Dataset, id: &str) -> &'d model::Source {
    d.sources
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no source {id}"))
}

fn event<'d>(d: &'d Dataset, id: &str) -> &'d model::Event {
    d.events
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn every_source_has_a_url_or_says_why_not() {
    let d = data();
    assert!(d.sources.len() >= 6);
    for s in &d.sources {
        match (&s.url, &s.no_url_reason) {
            (Some(u), None) => assert!(u.starts_with("https://"), "{}: {u}", s.id),
            (None, Some(r)) => assert!(!r.trim().is_empty(), "{}", s.id),
            other => panic!("{}: url and no_url_reason are {other:?}", s.id),
        }
    }
    for (id, url_start, published_on) in [
        (
            "falkenberg-2020-pressinbjudan-samverkan",
            "https://kommun.falkenberg.se/nyheterochpressrum/pressmeddelande/",
            Some("2020-01-15"),
        ),
        (
            "falkenberg-medborgarlofte-nyhet",
            "https://polisen.se/aktuellt/nyheter/2021/februari/",
            None,
        ),
        (
            "lansstyrelsen-halland-konferens-brottsforebyggande",
            "https://www.lansstyrelsen.se/halland/",
            Some("2023-10-19"),
        ),
        (
            "trelleborg-2019-samverkansoverenskommelse-nyhet",
            "https://www.trelleborg.se/sv/aktuellt/nyheter/2019/oktober/",
            None,
        ),
        (
            "solvesborg-2022-medborgarlofte-nyhet",
            "https://solvesborg.se/startsida/nyheter-och-evenemang/nyhet/2022-05-04-",
            Some("2022-05-04"),
        ),
        ("scb-lan-och-kommuner", "https://www.scb.se/", None),
    ] {
        let s = source(&d, id);
        assert!(
            s.url.as_deref().is_some_and(|u| u.starts_with(url_start)),
            "{id}: {:?}",
            s.url
        );
        assert_eq!(
            s.published_on.map(|p| p.to_string()).as_deref(),
            published_on,
            "{id}"
        );
    }
    // Only the month is known from these addresses, and the note says so.
    for (id, month) in [
        ("falkenberg-medborgarlofte-nyhet", "februari 2021"),
        (
            "trelleborg-2019-samverkansoverenskommelse-nyhet",
            "oktober 2019",
        ),
    ] {
        let note = source(&d, id).note.clone().unwrap_or_default();
        assert!(
            note.contains(&format!("Publicerad i {month} enligt sidans adress")),
            "{id}: {note}"
        );
    }
}

/// `NNN_<16 hex>.txt`: the name of a file of the repository's seed folder.
fn names_a_seed_file(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(23)).any(|i| {
        b[i..i + 3].iter().all(u8::is_ascii_digit)
            && b[i + 3] == b'_'
            && b[i + 4..i + 20]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && &b[i + 20..i + 24] == b".txt"
    })
}

#[test]
fn no_published_field_names_a_file_of_the_repository() {
    assert!(names_a_seed_file("se 004_f9722f340e1a6bc8.txt här"));
    assert!(!names_a_seed_file("kommunkod 1083, 2022-2023"));
    let files = walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    assert!(files.len() >= 10, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !names_a_seed_file(&text),
            "{} names a seed file",
            f.display()
        );
        assert!(!text.contains("Seed "), "{} says `Seed `", f.display());
    }
}

#[test]
fn the_falkenberg_pledge_news_is_published_by_the_police() {
    let d = data();
    let s = source(&d, "falkenberg-medborgarlofte-nyhet");
    let police = d
        .organizations
        .iter()
        .find(|o| o.id == "polismyndigheten")
        .unwrap();
    assert_eq!(s.publisher, "Polismyndigheten");
    assert_eq!(s.publisher, police.name);
    let note = s.note.as_deref().unwrap();
    assert!(note.contains("här på polisen.se"), "{note}");
}

#[test]
fn the_halland_conference_invited_and_gathered_all_six_municipalities_and_the_region() {
    let d = data();
    let e = event(&d, "halland-konferens-brottsforebyggande");
    let has = |org: &str, role: &str| e.organizations.iter().any(|(o, r)| o == org && r == role);
    let six = [
        ("halmstad", "1380"),
        ("laholm", "1381"),
        ("falkenberg", "1382"),
        ("varberg", "1383"),
        ("kungsbacka", "1384"),
        ("hylte", "1315"),
    ];
    for (id, code) in six {
        let m = d.municipalities.iter().find(|m| m.id == id).unwrap();
        assert_eq!((m.code.as_str(), m.county_code.as_str()), (code, "13"));
        assert!(has(id, "invited") && has(id, "participant"), "{id}");
    }
    assert!(has("region-halland", "invited") && has("region-halland", "participant"));
    let invited = e
        .organizations
        .iter()
        .filter(|(_, r)| r == "invited")
        .count();
    assert_eq!(invited, 7, "the six municipalities and Region Halland");
    assert!(has("polismyndigheten", "organizer") && has("lansstyrelsen-halland", "organizer"));
    let note = e.note.as_deref().unwrap();
    assert!(
        note.contains("vår bedömning"),
        "the six are our judgement: {note}"
    );

    // The conference source supports none of Falkenberg's municipality fields.
    let falkenberg = d
        .organizations
        .iter()
        .find(|o| o.id == "falkenberg")
        .unwrap();
    assert!(!falkenberg
        .sources
        .contains(&"lansstyrelsen-halland-konferens-brottsforebyggande".to_owned()));
}

#[test]
fn the_falkenberg_signing_with_place_day_and_time() {
    let d = data();
    let e = event(&d, "falkenberg-2020-undertecknande");
    assert_eq!(e.kind, "signing");
    assert_eq!(e.location.as_deref(), Some("Stadshuset Falkenberg"));
    assert_eq!(e.held_on.unwrap().to_string(), "2020-01-17");
    assert_eq!(e.starts_at.unwrap().format("%H:%M").to_string(), "08:30");
    assert!(e.note.as_deref().unwrap().contains("kl. 8.30"));
    let mut orgs: Vec<&str> = e.organizations.iter().map(|(o, _)| o.as_str()).collect();
    orgs.sort();
    assert_eq!(
        orgs,
        [
            "falkenberg",
            "lpo-falkenberg",
            "region-halland-lokala-namnd-falkenberg"
        ]
    );
    let people: Vec<&str> = e.people.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        people,
        [
            "per-svensson",
            "gunmarie-stenstrom",
            "christer-bartholdsson"
        ]
    );
    assert_eq!(e.sources, ["falkenberg-2020-pressinbjudan-samverkan"]);
}

#[test]
fn wording_is_as_strong_as_the_sources_and_keeps_the_third_goal() {
    let d = data();
    let p = d
        .pledges
        .iter()
        .find(|p| p.id == "solvesborg-2022-2023")
        .unwrap();
    let f3 = p.focus_areas[2].description.as_deref().unwrap();
    assert!(
        f3.contains("bör") && f3.contains("trafiksituationer") && !f3.contains("ska"),
        "{f3}"
    );
    let agreement = d
        .agreements
        .iter()
        .find(|a| a.id == "falkenberg-2020-2023")
        .unwrap();
    let pledge = d
        .pledges
        .iter()
        .find(|p| p.id == "falkenberg-undated-1")
        .unwrap();
    for summary in [&agreement.summary, &pledge.summary] {
        let s = summary.as_deref().unwrap();
        assert!(s.contains("hållbara levnadsvillkor"), "{s}");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
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
