//! A municipality's web site stand-in: a second HTTP server on its own port, reached as
//! `http://localhost:<port>` (another origin, and another site, than the app's `127.0.0.1`), serving a
//! page with the iframe snippet and a page with the web component, both as the public pages publish
//! them.

use std::collections::HashMap;
use std::net::TcpListener;

use actix_web::{web, App, HttpResponse, HttpServer};

/// A page every check must fail on, so that they are seen to be able to.
pub const CONTROL: &str = "/control.html";

pub struct HostSite {
    pub base: String,
    server: actix_web::dev::ServerHandle,
}

impl HostSite {
    /// Serves `/iframe.html` and `/component.html`, both taking `municipality`, `lang` and `theme`
    /// from the query string and pointing at the app at `app`.
    pub fn spawn(app: &str) -> HostSite {
        let app = app.to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind host site");
        let port = listener.local_addr().expect("host site addr").port();
        let server = HttpServer::new(move || {
            let app = app.clone();
            App::new().default_service(web::to(
                move |req: actix_web::HttpRequest, q: web::Query<HashMap<String, String>>| {
                    let body = page(&app, req.path(), &q);
                    let control = req.path() == CONTROL;
                    // `csp=strict`: a host page with the policy the README asks of it.
                    let csp = (q.get("csp").map(String::as_str) == Some("strict")).then(|| {
                        format!(
                            "default-src 'none'; script-src {app}; connect-src {app}; \
                             frame-src {app}; style-src 'none'"
                        )
                    });
                    async move {
                        match body {
                            Some(html) => {
                                let mut res = HttpResponse::Ok();
                                res.content_type("text/html; charset=utf-8");
                                if let Some(csp) = csp {
                                    res.insert_header(("content-security-policy", csp));
                                }
                                if control {
                                    res.insert_header(("set-cookie", "control=1; Path=/"));
                                }
                                res.body(html)
                            }
                            None => HttpResponse::NotFound().body("not found"),
                        }
                    }
                },
            ))
        })
        .workers(1)
        .listen(listener)
        .expect("listen host site")
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        HostSite {
            base: format!("http://localhost:{port}"),
            server: handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(self) {
        self.server.stop(true).await;
    }
}

/// The query values go into HTML attributes: only what a slug, a language or a theme can be.
fn param<'a>(q: &'a HashMap<String, String>, name: &str, default: &'a str) -> Option<&'a str> {
    let v = q.get(name).map(String::as_str).unwrap_or(default);
    v.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        .then_some(v)
}

fn page(app: &str, path: &str, q: &HashMap<String, String>) -> Option<String> {
    let municipality = param(q, "municipality", "solvesborg")?;
    let lang = param(q, "lang", "sv")?;
    let theme = param(q, "theme", "light")?;
    // The host page follows the widget's theme, as a site choosing the dark theme would.
    let (bg, fg) = if theme == "dark" {
        ("#121212", "#f0f0f0")
    } else {
        ("#ffffff", "#1a1a1a")
    };
    // A strict host page has no inline style either (its CSP would refuse it).
    let style = if q.contains_key("csp") {
        String::new()
    } else {
        format!("<style>body {{ background: {bg}; color: {fg}; font-family: sans-serif; margin: 8px; }}</style>")
    };
    let snippet = match path {
        "/iframe.html" => format!(
            r#"<iframe src="{app}/embed/{municipality}?lang={lang}&amp;theme={theme}" title="Medborgarlöfte" width="100%" height="640" style="border:0"></iframe>"#
        ),
        "/component.html" => format!(
            r#"<script src="{app}/widget.js" defer></script>
<openpledges-pledge municipality="{municipality}" lang="{lang}" theme="{theme}"></openpledges-pledge>"#
        ),
        // The checks' negative control: a cookie, an image without alt text, a request elsewhere.
        CONTROL => r#"<img src="/pixel.png" width="10" height="10">
<img src="http://127.0.0.1:9/elsewhere.png" alt="" width="10" height="10">"#
            .to_owned(),
        _ => return None,
    };
    Some(format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kommunens webbplats</title>
{style}
</head>
<body>
<main>
<h1>Kommunens webbplats</h1>
{snippet}
</main>
</body>
</html>
"#
    ))
}
