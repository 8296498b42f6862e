//! The OpenAPI 3.1 document. Each function's routes bring their own operations: a route
//! is added through utoipa-axum's [`Routes`] from its handler's `#[utoipa::path]`, so the
//! path and method served and the ones documented are one. This module adds what they
//! share (the title, the security schemes, the campaign's areas) and `GET /openapi.json`.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use casebook_core::Campaign;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};

/// A function's routes with their part of the document.
pub type Routes<S = ()> = utoipa_axum::router::OpenApiRouter<S>;

/// The security schemes operations name in `security(...)`.
pub const EDIT_TOKEN: &str = "edit_token";
pub const REVIEWER_TOKEN: &str = "reviewer_token";
pub const ORGANIZER_TOKEN: &str = "organizer_token";
pub const TELEGRAM_SECRET: &str = "telegram_secret";
pub const WECHAT_SIGNATURE: &str = "wechat_signature";

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/openapi.json";

fn bearer(format: Option<&str>, description: &str) -> SecurityScheme {
    let mut http = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .description(Some(description));
    if let Some(format) = format {
        http = http.bearer_format(format);
    }
    SecurityScheme::Http(http.build())
}

/// The whole document for `api` (the operations of the routes served): casebook's title
/// and version, every security scheme, and the campaign's areas as the `area` values.
pub fn document(mut api: OpenApi, campaign: Option<&Campaign>) -> OpenApi {
    api.info.title = "casebook".into();
    api.info.version = env!("CARGO_PKG_VERSION").into();
    api.info.description = Some(
        "The API of the yearly call for practice cases of international cooperation in \
         cyberspace: applicants, attachments, reviewers, organizers and the chat webhooks. \
         Errors are `{\"error\": {\"code\", \"message\", \"field\"?}}` in the language of \
         `Accept-Language` (English, or Chinese for `zh`)."
            .into(),
    );
    api.info.license = None;
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        EDIT_TOKEN,
        bearer(
            None,
            "The edit token returned once when the draft was created (or a link code was redeemed).",
        ),
    );
    components.add_security_scheme(
        REVIEWER_TOKEN,
        bearer(
            Some("JWT"),
            "The token of a reviewer's sign-in link (`casebook admin reviewers link`).",
        ),
    );
    components.add_security_scheme(
        ORGANIZER_TOKEN,
        bearer(
            Some("JWT"),
            "The token of an organizer's sign-in link (`casebook admin organizers add|link`), checked against the registry on every request.",
        ),
    );
    components.add_security_scheme(
        TELEGRAM_SECRET,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Telegram-Bot-Api-Secret-Token",
            "The webhook's secret token (TELEGRAM_WEBHOOK_SECRET), which Telegram sends with every update.",
        ))),
    );
    components.add_security_scheme(
        WECHAT_SIGNATURE,
        SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
            "signature",
            "sha1 of the sorted token, timestamp and nonce (WeChat's server verification); with `timestamp` and `nonce`.",
        ))),
    );
    if let Some(campaign) = campaign {
        with_campaign_areas(&mut api, campaign);
    }
    with_year_on_organizer_routes(&mut api);
    // Kept typed and written once, straight to bytes: each serializer the document goes
    // through is a copy of all its code in every function.
    api
}

/// Every organizer route takes the call's year (`?year=`, see [`crate::by_year`]): the
/// parameter, and the answers to a year that is not one (400) or not here (404).
fn with_year_on_organizer_routes(api: &mut OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};
    let year = ParameterBuilder::new()
        .name("year")
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(
            "The call's year (`casebook campaign list`); left out, the open call's, else the latest.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(*crate::YEARS.start()))
                .maximum(Some(*crate::YEARS.end())),
        ))
        .build();
    let error = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in api.paths.paths.iter_mut() {
        if !path.starts_with("/admin/") {
            continue;
        }
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(year.clone()));
            let responses = &mut operation.responses.responses;
            responses
                .entry("400".into())
                .or_insert_with(|| error("Not a call's year, or another bad input"));
            responses
                .entry("404".into())
                .or_insert_with(|| error("No call of that year here, or nothing by that name"));
        }
    }
}

/// The campaign's areas as the values `area` takes, as the patch reads it: an id in any
/// case with ASCII white space around it, or nothing but white space (which clears it,
/// like `null`).
fn with_campaign_areas(api: &mut OpenApi, campaign: &Campaign) {
    let patch = api
        .components
        .as_mut()
        .and_then(|c| c.schemas.get_mut("ApplicationPatch"));
    let Some(RefOr::T(Schema::Object(patch))) = patch else {
        return;
    };
    if let Some(RefOr::T(Schema::Object(area))) = patch.properties.get_mut("area") {
        area.pattern = Some(area_pattern(campaign));
    }
}

/// `^[ \t\n\f\r]*(?:[Ii][Nn]...|...)?[ \t\n\f\r]*$`. ECMA-262 patterns have no
/// case-insensitive group, so each letter is a class of its two cases.
pub fn area_pattern(campaign: &Campaign) -> String {
    let ids: Vec<String> = campaign
        .areas()
        .iter()
        .map(|a| {
            a.id.chars()
                .map(|c| {
                    let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
                    if lower != upper {
                        format!("[{upper}{lower}]")
                    } else if c.is_ascii_alphanumeric() || c == '_' {
                        c.to_string()
                    } else {
                        format!("\\u{:04x}", u32::from(c))
                    }
                })
                .collect()
        })
        .collect();
    let space = r"[ \t\n\f\r]*";
    format!("^{space}(?:{})?{space}$", ids.join("|"))
}

/// `routes` with `GET /openapi.json` serving the document of `operations` (with the
/// shared parts), built and written at the first call: a start does not pay for it.
pub fn serve_document<F>(routes: Router, operations: F, campaign: Option<Arc<Campaign>>) -> Router
where
    F: Fn() -> OpenApi + Clone + Send + Sync + 'static,
{
    let written: Arc<OnceLock<Vec<u8>>> = Arc::new(OnceLock::new());
    routes.route(
        DOCUMENT_PATH,
        get(move || {
            let (written, operations, campaign) =
                (written.clone(), operations.clone(), campaign.clone());
            async move {
                let body = written.get_or_init(|| {
                    let doc = document(operations(), campaign.as_deref());
                    serde_json::to_vec(&doc).unwrap_or_default()
                });
                json_bytes(body.clone())
            }
        }),
    )
}

/// Adds `handler` to `router` at the path and methods of its `#[utoipa::path]` (read
/// through [`utoipa::Path`], which builds none of the document). Used by
/// [`operations!`](crate::operations).
#[doc(hidden)]
pub fn serve_operation<S, H, T>(
    router: Router<S>,
    path: &str,
    methods: Vec<utoipa::openapi::HttpMethod>,
    handler: H,
) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    H: axum::handler::Handler<T, S>,
    T: 'static,
{
    use utoipa_axum::PathItemExt;
    let method_router = methods
        .iter()
        .fold(axum::routing::MethodRouter::new(), |served, method| {
            served.on(method.to_method_filter(), handler.clone())
        });
    router.route(path, method_router)
}

/// A function's operations, listed once: `operations!(State; handler, ...; module::{handler, ...})`
/// defines `fn unbound() -> Routes<State>`, every handler with its part of the OpenAPI
/// document (for `openapi()` and `casebook serve`), and `fn served() -> Router<State>`,
/// the same handlers on the same paths and methods, read from the same `#[utoipa::path]`
/// but without building the document. A Lambda function serves `served()`: building the
/// document took a millisecond of every cold start.
#[macro_export]
macro_rules! operations {
    ($state:ty; $($handler:ident),+ $(; $module:ident :: { $($in_module:ident),+ $(,)? })* $(;)?) => {
        fn unbound() -> $crate::Routes<$state> {
            $crate::Routes::new()
                $(.routes(utoipa_axum::routes!($handler)))+
                $($(.routes(utoipa_axum::routes!($module::$in_module)))+)*
        }

        fn served() -> axum::Router<$state> {
            use utoipa::Path as _;
            let router = axum::Router::new();
            $(let router = utoipa_axum::paste! {
                $crate::openapi::serve_operation(
                    router,
                    &[<__path_ $handler>]::path(),
                    [<__path_ $handler>]::methods(),
                    $handler,
                )
            };)+
            $($(let router = utoipa_axum::paste! {
                $crate::openapi::serve_operation(
                    router,
                    &$module::[<__path_ $in_module>]::path(),
                    $module::[<__path_ $in_module>]::methods(),
                    $module::$in_module,
                )
            };)+)*
            router
        }
    };
}

/// The four functions every HTTP function crate offers over its state, after
/// [`operations!`]: `routes` (the handlers with their part of the document, for `casebook
/// serve`), `openapi` (that part alone), `router` (the bare routes `casebook serve`
/// merges) and `standalone` (the Router as its Lambda serves it, with the document at
/// `/openapi.json` and JSON answers for unknown paths). `|state| campaign` says where the
/// state keeps the call's campaign.
#[macro_export]
macro_rules! function_routes {
    ($state:ty, |$s:ident| $campaign:expr) => {
        /// The routes over the given state, with their part of the OpenAPI document.
        pub fn routes(state: $state) -> $crate::Routes {
            unbound().with_state(state)
        }

        /// The routes' part of the OpenAPI document (`casebook openapi` prints them all).
        pub fn openapi() -> utoipa::openapi::OpenApi {
            unbound().into_openapi()
        }

        /// The bare routes (`casebook serve` merges them and adds the fallback and
        /// layers once).
        pub fn router(state: $state) -> axum::Router {
            $crate::bare(served().with_state(state))
        }

        /// The Router alone, as its Lambda serves it: with its OpenAPI document and JSON
        /// answers for unknown paths.
        pub fn standalone(state: $state) -> axum::Router {
            let campaign = {
                let $s = &state;
                $campaign
            };
            // The logs name the function by its module (`casebook_admin::exports`).
            let function = module_path!();
            let function = function.strip_prefix("casebook_").unwrap_or(function);
            $crate::standalone(served().with_state(state), openapi, campaign, function)
        }
    };
}

fn json_bytes(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
