//! The Swedish words the data is made of.

/// Swedish text per theme: short, and varied enough for full-text search to find something.
pub(super) struct Text {
    pub(super) code: &'static str,
    pub(super) focus: &'static [&'static str],
    pub(super) about: &'static [&'static str],
    pub(super) goals: &'static [&'static str],
    pub(super) activities: &'static [(&'static str, &'static str)],
}

pub(super) fn text_for(code: &str) -> &'static Text {
    TEXTS
        .iter()
        .find(|t| t.code == code)
        .unwrap_or(&TEXTS[TEXTS.len() - 1])
}

pub(super) const PLACES: &[&str] = &[
    "centrum",
    "hamnen",
    "resecentrum",
    "skolorna",
    "fritidsgården",
    "idrottsplatsen",
    "köpcentrumet",
    "stranden",
];

pub(super) const ADDENDA: &[&str] = &[
    "Insatsen följs upp i samverkansgruppen.",
    "Ungdomar och föräldrar bjuds in att delta.",
    "Arbetet bygger på den gemensamma lägesbilden.",
    "Föreningar och näringsidkare deltar.",
    "Resultatet redovisas för kommunstyrelsen.",
    "Insatsen ska öka tryggheten för invånarna.",
];

pub(super) const AGREEMENT_SUMMARIES: &[&str] = &[
    "Arbetet utgår från en gemensam lägesbild som uppdateras varje år.",
    "Medborgarlöften tas fram varje år inom överenskommelsen.",
    "Överenskommelsen ska minska brottsligheten och öka tryggheten.",
];

pub(super) const FOLLOW_UPS: &[&str] = &[
    "Uppföljning sker två gånger per år i den lokala samverkansgruppen.",
    "Kommunen och polisen redovisar arbetet för kommunstyrelsen varje år.",
    "En årlig trygghetsmätning följer upp arbetet.",
];

pub(super) const TEXTS: &[Text] = &[
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
