//! Synthetic data of national scale for load tests and benchmarks (`openpledges generate`).
//! Deterministic from its parameters, marked `synthetic` so that it is never mixed with the real
//! dataset, and clearly made up: `syn-` ids, "Syntetisk kommun" names, one source that says so.

use chrono::{Duration, NaiveDate};
use sha2::{Digest, Sha256};

use super::model::*;
use crate::domain::{Period, Precision, Status};

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
    pub const MAX_YEARS: u32 = 50;

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

/// splitmix64: a few lines, deterministic across platforms, and plenty for test data.
struct Rng(u64);

impl Rng {
    /// One stream per municipality, so that municipality n is the same whatever the total.
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `k` distinct values of `0..n`, ascending.
    fn sorted_sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let x = self.below(n);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out.sort_unstable();
        out
    }
}

/// Builds the dataset; `themes` are the bundled ones, so that theme filters work as on real data.
pub fn generate(p: &Params, themes: Vec<Theme>) -> Result<Dataset, String> {
    p.check()?;
    if themes.is_empty() {
        return Err("synthetic data needs at least one theme".into());
    }
    let mut d = Dataset {
        version: "0.0.0".into(),
        released_on: ymd(p.last_year(), 12, 31),
        licence: "CC0-1.0".into(),
        digest: digest(p, &themes),
        synthetic: true,
        themes,
        sources: vec![Source {
            id: SOURCE_ID.into(),
            title: "Syntetiska testdata".into(),
            publisher: "OpenPledges (syntetiska testdata)".into(),
            kind: "web_page".into(),
            published_on: None,
            url: None,
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

fn municipality(d: &mut Dataset, p: &Params, i: u32, area: &str, region: &str) {
    let mut rng = Rng::new(p.seed, u64::from(i));
    let n = i + 1;
    let id = format!("syn-{n:04}");
    let name = format!("Syntetisk kommun {n}");
    let county = i % 25 + 1;
    let mut org = organization(id.clone(), "municipality", name.clone(), None);
    org.note = Some("Påhittad kommun i syntetiska testdata; koden är inte SCB:s.".into());
    d.organizations.push(org);
    d.municipalities.push(Municipality {
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
                    person: chair.clone(),
                    role: "kommunstyrelsens ordförande".into(),
                    organization: Some(id.clone()),
                },
                Signatory {
                    person: chief.clone(),
                    role: "lokalpolisområdeschef".into(),
                    organization: Some(area.into()),
                },
            ],
            focus_areas,
        });
        d.events.push(Event {
            id: format!("{agreement}-undertecknande"),
            kind: "signing".into(),
            title: format!("Undertecknande av samverkansöverenskommelse i {name}"),
            held_on: Some(signed_on),
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
                id: format!("{pledge}-medborgardialog"),
                kind: "meeting".into(),
                title: format!("Medborgardialog om trygghet i {name} {year}"),
                held_on: Some(ymd(year, 1, 1) + Duration::days(rng.below(365) as i64)),
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

fn focus_area(rng: &mut Rng, themes: &[String], parent: &str, n: usize) -> FocusArea {
    let k = rng.between(1, 3);
    let picked = rng.sorted_sample(themes.len(), k);
    let codes: Vec<String> = picked.iter().map(|&t| themes[t].clone()).collect();
    let text = text_for(&codes[rng.below(codes.len())]);
    FocusArea {
        id: format!("{parent}/f{n}"),
        title: (*rng.pick(text.focus)).into(),
        description: Some((*rng.pick(text.about)).into()),
        goals: rng.chance(60).then(|| (*rng.pick(text.goals)).into()),
        themes: codes,
        sources: sources(),
    }
}

fn activity(
    rng: &mut Rng,
    f: &FocusArea,
    pledge: &str,
    n: usize,
    period: &Period,
    municipality: &str,
    area: &str,
) -> Activity {
    let text = text_for(&f.themes[rng.below(f.themes.len())]);
    let (title, about) = *rng.pick(text.activities);
    let title = if rng.chance(40) {
        format!("{title} vid {}", rng.pick(PLACES))
    } else {
        title.to_owned()
    };
    let days = (period.end - period.start).num_days() as usize + 1;
    let on = |d: usize| period.start + Duration::days(d as i64);
    let (planned_start, planned_end) = if rng.chance(70) {
        let s = rng.below(days / 2);
        (Some(on(s)), Some(on(rng.between(s + 30, days - 1))))
    } else {
        (None, None)
    };
    let responsible = match rng.below(10) {
        0 => vec![],
        1..=3 => vec![municipality.to_owned()],
        4..=5 => vec![area.to_owned()],
        _ => vec![municipality.to_owned(), area.to_owned()],
    };
    // planned → in_progress (perhaps reported twice) → completed | cancelled, on ascending days.
    let count = match rng.below(20) {
        0..=3 => 0,
        4..=8 => 1,
        9..=13 => 2,
        14..=17 => 3,
        _ => 4,
    };
    let ends = if rng.chance(85) {
        Status::Completed
    } else {
        Status::Cancelled
    };
    let statuses = match count {
        0 => vec![],
        1 => vec![Status::Planned],
        2 if ends == Status::Cancelled => vec![Status::Planned, Status::Cancelled],
        2 => vec![Status::Planned, Status::InProgress],
        3 => vec![Status::Planned, Status::InProgress, ends],
        _ => vec![
            Status::Planned,
            Status::InProgress,
            Status::InProgress,
            ends,
        ],
    };
    let status_events = statuses
        .iter()
        .zip(rng.sorted_sample(days, statuses.len()))
        .enumerate()
        .map(|(k, (&status, day))| StatusEvent {
            status,
            effective_on: on(day),
            note: (k == 2 && status == Status::InProgress)
                .then(|| "Delrapport: arbetet pågår enligt plan.".to_owned()),
            source: SOURCE_ID.into(),
        })
        .collect();
    Activity {
        id: format!("{pledge}/a{n}"),
        focus_area: rng.chance(90).then(|| f.id.clone()),
        title,
        description: Some(format!("{about} {}", rng.pick(ADDENDA))),
        responsible,
        planned_start,
        planned_end,
        due_on: rng.chance(30).then_some(period.end),
        note: None,
        sources: sources(),
        status_events,
    }
}

/// Swedish text per theme: short, and varied enough for full-text search to find something.
struct Text {
    code: &'static str,
    focus: &'static [&'static str],
    about: &'static [&'static str],
    goals: &'static [&'static str],
    activities: &'static [(&'static str, &'static str)],
}

fn text_for(code: &str) -> &'static Text {
    TEXTS
        .iter()
        .find(|t| t.code == code)
        .unwrap_or(&TEXTS[TEXTS.len() - 1])
}

const PLACES: &[&str] = &[
    "centrum",
    "hamnen",
    "resecentrum",
    "skolorna",
    "fritidsgården",
    "idrottsplatsen",
    "köpcentrumet",
    "stranden",
];

const ADDENDA: &[&str] = &[
    "Insatsen följs upp i samverkansgruppen.",
    "Ungdomar och föräldrar bjuds in att delta.",
    "Arbetet bygger på den gemensamma lägesbilden.",
    "Föreningar och näringsidkare deltar.",
    "Resultatet redovisas för kommunstyrelsen.",
    "Insatsen ska öka tryggheten för invånarna.",
];

const AGREEMENT_SUMMARIES: &[&str] = &[
    "Arbetet utgår från en gemensam lägesbild som uppdateras varje år.",
    "Medborgarlöften tas fram varje år inom överenskommelsen.",
    "Överenskommelsen ska minska brottsligheten och öka tryggheten.",
];

const FOLLOW_UPS: &[&str] = &[
    "Uppföljning sker två gånger per år i den lokala samverkansgruppen.",
    "Kommunen och polisen redovisar arbetet för kommunstyrelsen varje år.",
    "En årlig trygghetsmätning följer upp arbetet.",
];

const TEXTS: &[Text] = &[
    Text {
        code: "alcohol_drugs",
        focus: &[
            "Minskad tillgång till narkotika",
            "Förebygga alkohol och narkotika bland unga",
            "Insatser mot langning och narkotikahandel",
        ],
        about: &[
            "Kommunen och polisen arbetar tillsammans mot narkotika och langning av alkohol till unga.",
            "Bruket av narkotika bland unga vuxna ska minska genom tidiga insatser.",
        ],
        goals: &[
            "Färre unga ska prova narkotika.",
            "Tillgången till alkohol och narkotika ska minska.",
        ],
        activities: &[
            ("Tillsyn av serveringstillstånd", "Gemensam tillsyn av krogar med serveringstillstånd."),
            ("Föräldravandringar", "Föräldrar vandrar kvällstid och pratar med ungdomar om alkohol och narkotika."),
            ("Narkotikasökhund på skolor", "Polisen besöker skolorna med narkotikasökhund."),
            ("Kontroller mot langning", "Riktade kontroller mot langning av alkohol till ungdomar."),
        ],
    },
    Text {
        code: "youth_at_risk",
        focus: &[
            "Barn och unga i riskzon",
            "Tidiga insatser för ungdomar",
            "Förhindra nyrekrytering till kriminalitet",
        ],
        about: &[
            "Ungdomar som riskerar att hamna i kriminalitet ska fångas upp tidigt.",
            "Skola, socialtjänst och polis samarbetar kring unga i riskzon.",
        ],
        goals: &[
            "Färre ungdomar ska begå brott.",
            "Alla ungdomar ska ha en meningsfull fritid.",
        ],
        activities: &[
            ("SSPF-möten", "Skola, socialtjänst, polis och fritid möts om enskilda ungdomar."),
            ("Sommarjobb för ungdomar", "Kommunen erbjuder sommarjobb till ungdomar i riskzon."),
            ("Fältassistenter kvällstid", "Fältassistenter rör sig ute där ungdomar samlas."),
            ("Mentorsprogram", "Vuxna förebilder stöttar ungdomar under ett år."),
        ],
    },
    Text {
        code: "vulnerable_areas",
        focus: &[
            "Trygghet i bostadsområden",
            "Socialt utsatta områden",
        ],
        about: &[
            "Arbetet riktas mot bostadsområden där tryggheten är låg.",
            "Fastighetsägare, kommun och polis samverkar i utsatta områden.",
        ],
        goals: &["Fler ska känna sig trygga i sitt bostadsområde."],
        activities: &[
            ("Trygghetsvandring", "Invånare, fastighetsägare och polis går tillsammans genom området."),
            ("Områdespoliser", "Fasta områdespoliser finns på plats i bostadsområdet."),
            ("Belysning i gångtunnlar", "Bättre belysning i gångtunnlar och på gångvägar."),
        ],
    },
    Text {
        code: "public_space",
        focus: &[
            "Ökad trygghet i centrum",
            "Trygghet i offentlig miljö",
            "Ordning och trygghet på helger",
        ],
        about: &[
            "Trygghet och ordning på gator och torg, särskilt kvällar och helger.",
            "Invånarna ska kunna röra sig tryggt i centrum under alla tider på dygnet.",
        ],
        goals: &["Otryggheten i centrum ska minska."],
        activities: &[
            ("Kameraövervakning på torget", "Kameror sätts upp på platser med många brott."),
            ("Nattvandring", "Frivilliga nattvandrare finns i centrum på helgkvällar."),
            ("Polisiär närvaro på helger", "Polisen ökar sin synlighet i centrum fredag och lördag kväll."),
            ("Ordningsvakter", "Kommunen anlitar ordningsvakter under sommaren."),
        ],
    },
    Text {
        code: "traffic_safety",
        focus: &[
            "Ökad trafiksäkerhet",
            "Säkrare skolvägar",
            "Minskad fortkörning",
        ],
        about: &[
            "Trafiksäkerhet vid skolor och på platser där olyckor sker.",
            "Fortkörning och farlig trafik i tätorten ska minska.",
        ],
        goals: &[
            "Färre trafikolyckor med personskador.",
            "Alla ska känna sig trygga i trafiken.",
        ],
        activities: &[
            ("Hastighetskontroller", "Polisen gör hastighetskontroller vid skolor."),
            ("Trafiksäkerhetsdagar", "Temadagar om trafiksäkerhet för elever och föräldrar."),
            ("Farthinder", "Kommunen bygger farthinder där fortkörning är vanlig."),
            ("Kontroll av mopeder", "Riktade kontroller av trimmade mopeder och epa-traktorer."),
        ],
    },
    Text {
        code: "property_crime",
        focus: &[
            "Färre inbrott",
            "Minskad tillgreppsbrottslighet",
            "Stöldförebyggande arbete",
        ],
        about: &[
            "Inbrott i bostäder och förråd ska minska.",
            "Stölder, snatteri och inbrott drabbar både företag och enskilda.",
        ],
        goals: &["Antalet anmälda inbrott ska minska."],
        activities: &[
            ("Grannsamverkan", "Grannar hjälps åt att hålla uppsikt och förebygga inbrott."),
            ("Märkning av cyklar", "Polisen märker cyklar för att försvåra stöld."),
            ("Inbrottsförebyggande information", "Information om lås och larm till villaägare."),
            ("Butikssamverkan", "Butiker och polis samverkar mot snatteri."),
        ],
    },
    Text {
        code: "port",
        focus: &[
            "Trygg hamn",
            "Brottsförebyggande arbete i hamnen",
        ],
        about: &[
            "Brottslighet i och kring hamnen, bland annat smuggling och stölder.",
            "Hamnen ska vara en trygg plats för resenärer och anställda.",
        ],
        goals: &["Minskad brottslighet i hamnområdet."],
        activities: &[
            ("Kontroller i hamnen", "Polis och tull gör gemensamma kontroller i hamnen."),
            ("Samverkan med hamnbolaget", "Regelbundna möten med hamnbolaget om säkerhet."),
            ("Belysning i hamnområdet", "Bättre belysning och staket kring hamnen."),
        ],
    },
    Text {
        code: "situational_picture",
        focus: &[
            "Gemensam lägesbild",
            "Kunskapsbaserat brottsförebyggande arbete",
        ],
        about: &[
            "Kommunen och polisen tar fram en gemensam lägesbild av brott och otrygghet.",
            "Trygghetsmätningar och anmälda brott ligger till grund för arbetet.",
        ],
        goals: &["Arbetet ska bygga på aktuell kunskap om brott och trygghet."],
        activities: &[
            ("Trygghetsmätning", "En enkät om trygghet skickas till invånarna."),
            ("Lägesbildsmöten", "Kommun och polis går igenom lägesbilden varje månad."),
            ("Brottsstatistik per område", "Anmälda brott sammanställs per bostadsområde."),
        ],
    },
    Text {
        code: "interagency_cooperation",
        focus: &[
            "Utvecklad samverkan",
            "Myndighetssamverkan mot brott",
        ],
        about: &[
            "Kommunen, polisen och andra myndigheter samordnar sitt brottsförebyggande arbete.",
            "Samverkan ska bli tydligare med gemensamma rutiner.",
        ],
        goals: &["Tydligare ansvarsfördelning mellan kommun och polis."],
        activities: &[
            ("Samverkansgrupp", "En lokal samverkansgrupp träffas varje månad."),
            ("Gemensam utbildning", "Kommunens personal och polisen utbildas tillsammans."),
            ("Brottsförebyggande råd", "Det brottsförebyggande rådet samlar kommun, polis och föreningar."),
        ],
    },
    Text {
        code: "illegal_housing",
        focus: &["Olovliga boenden"],
        about: &["Olovliga boendeformer och otillåten uthyrning kontrolleras gemensamt."],
        goals: &["Färre olovliga boenden."],
        activities: &[
            ("Gemensam tillsyn av boenden", "Kommunen och polisen kontrollerar misstänkta olovliga boenden."),
            ("Kontakt med fastighetsägare", "Fastighetsägare informeras om reglerna för uthyrning."),
        ],
    },
    Text {
        code: "general_crime_prevention",
        focus: &[
            "Ökad trygghet",
            "Brottsförebyggande arbete",
        ],
        about: &[
            "Det trygghetsskapande och brottsförebyggande arbetet i hela kommunen.",
            "Kommunen och polisen arbetar för att fler ska känna sig trygga.",
        ],
        goals: &["Ökad trygghet för alla som bor i kommunen."],
        activities: &[
            ("Medborgardialog", "Samtal med invånarna om trygghet och brott."),
            ("Trygghetsvandring", "Invånare och polis går tillsammans och pekar ut otrygga platser."),
            ("Informationskampanj", "Information om hur man anmäler brott."),
        ],
    },
];

#[cfg(test)]
mod tests {
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
