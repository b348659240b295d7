//! The pages the browser visits: the widget in every language, theme and width, where it lives
//! (direct, in an iframe and as a web component on another origin, the public pages), its error
//! and loading states, and the README's images.

use serde_json::json;

use super::case::{Case, Expect};
use super::common::TestApp;
use super::expect::Pledge;
use super::host::HostSite;

const WIDTHS: [u32; 2] = [320, 1024];
const LANGS: [&str; 2] = ["sv", "en"];
const THEMES: [&str; 2] = ["light", "dark"];

fn case(
    name: String,
    url: String,
    lang: &'static str,
    theme: &'static str,
    expect: Expect,
) -> Case {
    Case {
        name,
        url,
        lang,
        color_scheme: if theme == "dark" { "dark" } else { "light" },
        widths: WIDTHS.to_vec(),
        target: None,
        axe: true,
        axe_include: None,
        wait_for: None,
        route: None,
        readme_shots: Vec::new(),
        expect,
    }
}

const COMPONENT: &str = "openpledges-pledge";

pub fn cases(
    app: &TestApp,
    site: &HostSite,
    solvesborg: &Pledge,
    falkenberg: &Pledge,
) -> Vec<Case> {
    let own = vec![app.base.clone()];
    let both = vec![app.base.clone(), site.base.clone()];
    let shows = |p: &Pledge, origins: &Vec<String>, html_lang| Expect {
        status: 200,
        origins: origins.clone(),
        pledge: Some(p.clone()),
        html_lang,
        ..Expect::default()
    };
    let mut out = Vec::new();
    for lang in LANGS {
        for theme in THEMES {
            let q = format!("lang={lang}&theme={theme}");
            let mut embed = case(
                format!("embed-{lang}-{theme}"),
                app.url(&format!("/embed/solvesborg?{q}")),
                lang,
                theme,
                shows(solvesborg, &own, true),
            );
            embed.wait_for = Some("[data-pledge-id]".into());
            let mut framed = case(
                format!("iframe-{lang}-{theme}"),
                site.url(&format!("/iframe.html?municipality=solvesborg&{q}")),
                lang,
                theme,
                shows(solvesborg, &both, true),
            );
            framed.target = Some("frame");
            framed.wait_for = embed.wait_for.clone();
            let mut component = case(
                format!("component-{lang}-{theme}"),
                site.url(&format!("/component.html?municipality=solvesborg&{q}")),
                lang,
                theme,
                shows(solvesborg, &both, false),
            );
            component.axe_include = Some(COMPONENT);
            component.wait_for = Some(format!("{COMPONENT} [data-pledge-id]"));
            let municipality = case(
                format!("municipality-page-{lang}-{theme}"),
                app.url(&format!("/municipalities/solvesborg?{q}")),
                lang,
                theme,
                Expect {
                    status: 200,
                    origins: own.clone(),
                    html_lang: true,
                    texts: vec![solvesborg.title.clone()],
                    ..Expect::default()
                },
            );
            let pledge = case(
                format!("pledge-page-{lang}-{theme}"),
                app.url(&format!("/pledges/{}?{q}", solvesborg.id)),
                lang,
                theme,
                shows(solvesborg, &own, true),
            );
            out.extend([embed, framed, component, municipality, pledge]);
        }
        // Falkenberg: an undated pledge, activities with no focus area, planned and unknown.
        out.push(case(
            format!("embed-falkenberg-{lang}-light"),
            app.url(&format!("/embed/falkenberg?lang={lang}&theme=light")),
            lang,
            "light",
            shows(falkenberg, &own, true),
        ));
        let mut unknown = case(
            format!("component-unknown-{lang}"),
            site.url(&format!(
                "/component.html?municipality=no-such-place&lang={lang}"
            )),
            lang,
            "light",
            Expect {
                status: 200,
                origins: both.clone(),
                alert: true,
                ..Expect::default()
            },
        );
        unknown.axe_include = Some(COMPONENT);
        unknown.wait_for = Some(format!("{COMPONENT} [role=alert]"));
        unknown.widths = vec![320];
        let mut offline = unknown.clone();
        offline.name = format!("component-offline-{lang}");
        offline.url = site.url(&format!(
            "/component.html?municipality=solvesborg&lang={lang}"
        ));
        offline.route = Some("abort-api");
        out.extend([unknown, offline]);
    }
    let mut loading = case(
        "component-loading-sv".into(),
        site.url("/component.html?municipality=solvesborg&lang=sv"),
        "sv",
        "light",
        Expect {
            status: 200,
            origins: both.clone(),
            loading: true,
            ..Expect::default()
        },
    );
    // A host page whose own CSP allows the app's origin for scripts and fetches, as the README says.
    let mut strict = case(
        "component-strict-csp-sv".into(),
        site.url("/component.html?municipality=solvesborg&lang=sv&theme=light&csp=strict"),
        "sv",
        "light",
        shows(solvesborg, &both, false),
    );
    strict.axe_include = Some(COMPONENT);
    strict.wait_for = Some(format!("{COMPONENT} [data-pledge-id]"));
    strict.widths = vec![320];
    out.push(strict);
    loading.route = Some("delay-api");
    loading.wait_for = Some(format!("{COMPONENT} [role=status]"));
    loading.widths = vec![320];
    loading.axe = false;
    let plain = |name: &str, path: &str, status| {
        let mut c = case(
            name.into(),
            app.url(path),
            "sv",
            "light",
            Expect {
                status,
                origins: own.clone(),
                html_lang: true,
                ..Expect::default()
            },
        );
        c.widths = vec![320];
        c
    };
    let mut control = case(
        "control".into(),
        site.url(super::host::CONTROL),
        "sv",
        "light",
        Expect {
            status: 200,
            origins: vec![site.base.clone()],
            ..Expect::default()
        },
    );
    control.widths = vec![320];
    out.push(control);
    // `theme=auto` follows the reader's setting.
    let mut auto_dark = plain(
        "embed-auto-dark-sv",
        "/embed/solvesborg?lang=sv&theme=auto",
        200,
    );
    auto_dark.color_scheme = "dark";
    out.extend([
        loading,
        auto_dark,
        plain(
            "embed-compact-sv-light",
            "/embed/solvesborg?lang=sv&theme=light&compact=true",
            200,
        ),
        plain("embed-no-pledge-sv", "/embed/trelleborg?lang=sv", 200),
        plain("embed-unknown-sv", "/embed/no-such-place?lang=sv", 404),
    ]);
    out
}

/// The README's images, of an app over the bundled data as it is: no status this test made up.
pub fn readme_cases(app: &TestApp, site: &HostSite, solvesborg: &Pledge) -> Vec<Case> {
    let mut out = Vec::new();
    for theme in THEMES {
        let q = format!("lang=sv&theme={theme}");
        let mut embed = case(
            format!("readme-embed-{theme}"),
            app.url(&format!("/embed/solvesborg?{q}")),
            "sv",
            theme,
            Expect {
                status: 200,
                origins: vec![app.base.clone()],
                pledge: Some(solvesborg.clone()),
                html_lang: true,
                ..Expect::default()
            },
        );
        embed.widths = vec![480];
        embed.axe = false;
        embed.readme_shots = vec![json!({"width": 480, "file": format!("embed-{theme}.png")})];
        let mut component = case(
            format!("readme-component-{theme}"),
            site.url(&format!("/component.html?municipality=solvesborg&{q}")),
            "sv",
            theme,
            Expect {
                status: 200,
                origins: vec![app.base.clone(), site.base.clone()],
                pledge: Some(solvesborg.clone()),
                ..Expect::default()
            },
        );
        component.widths = vec![480];
        component.axe = false;
        component.wait_for = Some(format!("{COMPONENT} [data-pledge-id]"));
        component.readme_shots = vec![
            json!({"width": 480, "file": format!("component-{theme}.png"), "element": COMPONENT}),
        ];
        out.extend([embed, component]);
    }
    out
}
