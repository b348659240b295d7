//! Interface text in Swedish and English. The data itself stays Swedish.

use crate::domain::Status;

/// The interface language (`lang=sv|en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Result<Lang, String> {
        match s {
            "sv" => Ok(Lang::Sv),
            "en" => Ok(Lang::En),
            _ => Err(format!("`{s}` is not a language here; use sv or en")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

/// Every interface string of the pages and the widget.
pub struct Text {
    pub pledge: &'static str,
    pub current: &'static str,
    pub upcoming: &'static str,
    pub ended: &'static str,
    pub undated: &'static str,
    pub period: &'static str,
    pub focus_areas: &'static str,
    pub activities: &'static str,
    pub other_activities: &'static str,
    pub no_activities: &'static str,
    pub sources: &'static str,
    pub more: &'static str,
    pub data_by: &'static str,
    pub no_pledge: &'static str,
    pub agreements: &'static str,
    pub no_agreements: &'static str,
    pub pledges: &'static str,
    pub municipality: &'static str,
    pub embed_code: &'static str,
    pub embed_help: &'static str,
    pub not_found: &'static str,
    pub not_found_help: &'static str,
    pub bad_request: &'static str,
    pub bad_request_help: &'static str,
    pub new_tab: &'static str,
    pub status_counts: &'static str,
    /// Heading of what named people said, on a pledge's page.
    pub statements: &'static str,
    /// Heading of the values that are the dataset's judgement.
    pub judgements: &'static str,
    statuses: [&'static str; 5],
}

impl Text {
    /// A status in words, as the contract names them.
    pub fn status(&self, s: Status) -> &'static str {
        let i = Status::ALL.iter().position(|x| *x == s).unwrap_or(4);
        self.statuses[i]
    }
}

pub static SV: Text = Text {
    pledge: "Medborgarlöfte",
    current: "Gäller nu",
    upcoming: "Kommande",
    ended: "Avslutat",
    undated: "Period ej angiven",
    period: "Period",
    focus_areas: "Fokusområden",
    activities: "Aktiviteter",
    other_activities: "Aktiviteter utan angivet fokusområde",
    no_activities: "Inga aktiviteter registrerade.",
    sources: "Källor",
    more: "Mer om löftet",
    data_by: "Data: OpenPledges",
    no_pledge: "Inget medborgarlöfte registrerat ännu",
    agreements: "Samverkansöverenskommelser",
    no_agreements: "Ingen överenskommelse registrerad ännu.",
    pledges: "Medborgarlöften",
    municipality: "Kommun",
    embed_code: "Bädda in",
    embed_help: "Kopiera koden till din webbplats:",
    not_found: "Hittades inte",
    not_found_help: "Det finns ingen kommun eller inget löfte med den adressen.",
    bad_request: "Felaktig förfrågan",
    bad_request_help: "Adressen innehåller en parameter eller ett värde som inte stöds.",
    new_tab: "(öppnas i ny flik)",
    status_counts: "Aktiviteter per status",
    statements: "Vad som sagts",
    judgements: "Datasetets bedömningar",
    statuses: ["Planerad", "Pågår", "Genomförd", "Inställd", "Status okänd"],
};

pub static EN: Text = Text {
    pledge: "Citizen pledge",
    current: "Current",
    upcoming: "Upcoming",
    ended: "Ended",
    undated: "Period not stated",
    period: "Period",
    focus_areas: "Focus areas",
    activities: "Activities",
    other_activities: "Activities without a stated focus area",
    no_activities: "No activities recorded.",
    sources: "Sources",
    more: "More about this pledge",
    data_by: "Data: OpenPledges",
    no_pledge: "No pledge recorded yet",
    agreements: "Cooperation agreements",
    no_agreements: "No agreement recorded yet.",
    pledges: "Citizen pledges",
    municipality: "Municipality",
    embed_code: "Embed",
    embed_help: "Copy the code to your website:",
    not_found: "Not found",
    not_found_help: "No municipality or pledge has that address.",
    bad_request: "Bad request",
    bad_request_help: "The address holds a parameter or value that is not supported.",
    new_tab: "(opens in a new tab)",
    status_counts: "Activities by status",
    statements: "What was said",
    judgements: "The dataset's judgements",
    statuses: [
        "Planned",
        "In progress",
        "Completed",
        "Cancelled",
        "Status unknown",
    ],
};

/// A status icon (shown beside the words, hidden from screen readers).
pub fn icon(s: Status) -> &'static str {
    match s {
        Status::Planned => "○",
        Status::InProgress => "◐",
        Status::Completed => "✓",
        Status::Cancelled => "✕",
        Status::Unknown => "?",
    }
}
