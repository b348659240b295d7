//! Synthetic data of national scale for load tests and benchmarks (`openpledges generate`).
//! Deterministic from its parameters, marked `synthetic` so that it is never mixed with the real
//! dataset, and clearly made up: `syn-` ids, "Syntetisk kommun" names, one source that says so.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::model::*;

mod activities;
mod municipality;
mod rng;
mod texts;

use municipality::municipality;
use rng::Rng;

/// The one source every synthetic record cites.
pub const SOURCE_ID: &str = "synthetic";

/// What to generate. Equal parameters (and themes) give equal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub municipalities: u32,
    pub years: u32,
    pub seed: u64,
    pub first_year: i32,
}

impl Params {
    /// Kommunkoder are `<county 01–25><01–99>`, so this many fit.
    pub const MAX_MUNICIPALITIES: u32 = 25 * 99;
    pub const MAX_YEARS: u32 = 100;

    pub fn check(&self) -> Result<(), String> {
        if !(1..=Self::MAX_MUNICIPALITIES).contains(&self.municipalities) {
            return Err(format!(
                "--municipalities must be 1–{}",
                Self::MAX_MUNICIPALITIES
            ));
        }
        if !(1..=Self::MAX_YEARS).contains(&self.years) {
            return Err(format!("--years must be 1–{}", Self::MAX_YEARS));
        }
        if !(1900..=2100).contains(&self.first_year) {
            return Err("--first-year must be 1900–2100".into());
        }
        Ok(())
    }

    fn last_year(&self) -> i32 {
        self.first_year + self.years as i32 - 1
    }
}

/// Builds the dataset; `themes` are the bundled ones, so that theme filters work as on real data.
pub fn generate(p: &Params, themes: Vec<Theme>) -> Result<Dataset, String> {
    p.check()?;
    if themes.is_empty() {
        return Err("synthetic data needs at least one theme".into());
    }
    let mut d = Dataset {
        statements: Vec::new(),
        version: "0.0.0".into(),
        released_on: ymd(p.last_year(), 12, 31),
        licence: "CC0-1.0".into(),
        digest: digest(p, &themes),
        synthetic: true,
        themes,
        sources: vec![Source {
            inferred: Vec::new(),
            id: SOURCE_ID.into(),
            title: "Syntetiska testdata".into(),
            publisher: "OpenPledges (syntetiska testdata)".into(),
            kind: "web_page".into(),
            published_on: None,
            url: None,
            no_url_reason: Some("Genererade testdata, som inte är publicerade någonstans.".into()),
            language: "sv".into(),
            note: Some(format!(
                "Genererade av `openpledges generate --municipalities {} --years {} --seed {} --first-year {}` \
                 för last- och integrationstester. Kommunerna, löftena, personerna och aktiviteterna är påhittade.",
                p.municipalities, p.years, p.seed, p.first_year
            )),
        }],
        organizations: Vec::new(),
        municipalities: Vec::new(),
        people: Vec::new(),
        agreements: Vec::new(),
        pledges: Vec::new(),
        events: Vec::new(),
    };

    // Three municipalities to a local police area, the areas spread over up to seven regions.
    let areas = p.municipalities.div_ceil(3);
    let regions = areas.min(7);
    for r in 1..=regions {
        d.organizations.push(organization(
            format!("syn-polisregion-{r}"),
            "police_region",
            format!("Syntetisk polisregion {r}"),
            None,
        ));
    }
    let mut rng = Rng::new(p.seed, u64::MAX);
    for a in 1..=areas {
        let id = format!("syn-lpo-{a:03}");
        d.organizations.push(organization(
            id.clone(),
            "local_police_area",
            format!("Syntetiskt lokalpolisområde {a}"),
            Some(format!("syn-polisregion-{}", (a - 1) % regions + 1)),
        ));
        d.people.push(Person {
            id: format!("{id}-chef"),
            name: person_name(&mut rng),
            roles: vec![role(
                "lokalpolisområdeschef",
                &id,
                None,
                ymd(p.first_year, 1, 1),
            )],
        });
    }
    for i in 0..p.municipalities {
        let area = i / 3 + 1;
        municipality(
            &mut d,
            p,
            i,
            &format!("syn-lpo-{area:03}"),
            &format!("syn-polisregion-{}", (area - 1) % regions + 1),
        );
    }
    Ok(d)
}

fn digest(p: &Params, themes: &[Theme]) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "synthetic:{}:{}:{}:{}",
        p.municipalities, p.years, p.seed, p.first_year
    ));
    // Themes come from data/: other themes are other data.
    for t in themes {
        h.update(format!(
            "\n{}\t{}\t{}\t{}",
            t.code,
            t.label_sv,
            t.label_en,
            t.description.as_deref().unwrap_or("")
        ));
    }
    hex::encode(h.finalize())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn sources() -> Vec<String> {
    vec![SOURCE_ID.to_owned()]
}

fn organization(id: String, kind: &str, name: String, parent: Option<String>) -> Organization {
    Organization {
        inferred: Vec::new(),
        id,
        kind: kind.into(),
        name,
        parent,
        note: Some("Påhittad organisation i syntetiska testdata.".into()),
        sources: sources(),
    }
}

fn role(title: &str, organization: &str, party: Option<&str>, as_of: NaiveDate) -> Role {
    Role {
        inferred: Vec::new(),
        title: title.into(),
        organization: Some(organization.into()),
        party: party.map(Into::into),
        as_of: Some(as_of),
        sources: sources(),
    }
}

fn person_name(rng: &mut Rng) -> String {
    const FIRST: &[&str] = &[
        "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Sara", "Mikael",
        "Lena", "Per", "Fatima", "Ali", "Elin", "Oskar",
    ];
    const LAST: &[&str] = &[
        "Testsson",
        "Exempelberg",
        "Provlund",
        "Fiktivström",
        "Låtsasson",
        "Modellén",
        "Provqvist",
        "Testgren",
    ];
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

#[cfg(test)]
mod tests {
    use super::texts::TEXTS;
    use super::*;

    fn themes() -> Vec<Theme> {
        TEXTS
            .iter()
            .map(|t| Theme {
                code: t.code.into(),
                label_sv: t.code.into(),
                label_en: t.code.into(),
                description: None,
            })
            .collect()
    }

    fn params() -> Params {
        Params {
            municipalities: 7,
            years: 5,
            seed: 3,
            first_year: 2016,
        }
    }

    #[test]
    fn equal_parameters_give_equal_data() {
        let a = generate(&params(), themes()).unwrap();
        let b = generate(&params(), themes()).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let c = generate(
            &Params {
                seed: 4,
                ..params()
            },
            themes(),
        )
        .unwrap();
        assert_ne!(a.digest, c.digest);
        assert_ne!(format!("{:?}", a.pledges), format!("{:?}", c.pledges));
    }

    #[test]
    fn a_municipality_does_not_depend_on_how_many_there_are() {
        let small = generate(&params(), themes()).unwrap();
        let large = generate(
            &Params {
                municipalities: 40,
                ..params()
            },
            themes(),
        )
        .unwrap();
        let of = |d: &Dataset| format!("{:?}", d.pledges.iter().find(|p| p.id == "syn-0002-2018"));
        assert_eq!(of(&small), of(&large));
    }

    #[test]
    fn status_histories_are_ordered_and_inside_the_period() {
        let d = generate(&params(), themes()).unwrap();
        for p in &d.pledges {
            let period = p.period.unwrap();
            for a in &p.activities {
                let days: Vec<_> = a.status_events.iter().map(|e| e.effective_on).collect();
                assert!(days.windows(2).all(|w| w[0] < w[1]), "{}", a.id);
                assert!(days.iter().all(|d| period.start <= *d && *d <= period.end));
                if let (Some(s), Some(e)) = (a.planned_start, a.planned_end) {
                    assert!(s <= e && period.start <= s && e <= period.end, "{}", a.id);
                }
            }
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        for p in [
            Params {
                municipalities: 0,
                ..params()
            },
            Params {
                municipalities: Params::MAX_MUNICIPALITIES + 1,
                ..params()
            },
            Params {
                years: 0,
                ..params()
            },
        ] {
            assert!(generate(&p, themes()).is_err(), "{p:?}");
        }
    }
}
