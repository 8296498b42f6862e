//! infra/template.yaml declares the table exactly as the code describes it, every route
//! the sample events use, and a function for every Lambda binary.

use casebook_aws::table::TABLE;
use yaml_rust2::{Yaml, YamlLoader};

fn template() -> Yaml {
    let path = format!("{}/../infra/template.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

fn strings(list: &Yaml, key: &str, value: &str) -> Vec<(String, String)> {
    list.as_vec()
        .unwrap_or_else(|| panic!("{key} is not a list"))
        .iter()
        .map(|e| {
            (
                e[key].as_str().unwrap().to_string(),
                e[value].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_template_declares_the_table_the_code_creates() {
    let t = template();
    let table = &t["Resources"]["Table"]["Properties"];
    let mut declared = strings(
        &table["AttributeDefinitions"],
        "AttributeName",
        "AttributeType",
    );
    declared.sort();
    let mut expected: Vec<(String, String)> = TABLE
        .key_attributes()
        .iter()
        .map(|a| (a.name.to_string(), a.kind.to_string()))
        .collect();
    expected.sort();
    assert_eq!(declared, expected, "attribute definitions");

    let key = |name: &str, kind: &str| (name.to_string(), kind.to_string());
    assert_eq!(
        strings(&table["KeySchema"], "AttributeName", "KeyType"),
        vec![
            key(TABLE.partition_key.name, "HASH"),
            key(TABLE.sort_key.name, "RANGE")
        ]
    );

    let indexes = table["GlobalSecondaryIndexes"].as_vec().unwrap();
    assert_eq!(indexes.len(), TABLE.indexes.len());
    for spec in TABLE.indexes {
        let index = indexes
            .iter()
            .find(|i| i["IndexName"].as_str() == Some(spec.name))
            .expect("index declared");
        assert_eq!(
            strings(&index["KeySchema"], "AttributeName", "KeyType"),
            vec![
                key(spec.partition_key.name, "HASH"),
                key(spec.sort_key.name, "RANGE")
            ]
        );
        assert_eq!(index["Projection"]["ProjectionType"].as_str(), Some("ALL"));
    }
    assert_eq!(table["BillingMode"].as_str(), Some("PAY_PER_REQUEST"));
    assert_eq!(
        table["TimeToLiveSpecification"]["AttributeName"].as_str(),
        Some(TABLE.ttl_attribute)
    );
    assert_eq!(
        table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool(),
        Some(true)
    );
}

#[test]
fn every_route_of_the_sample_events_is_declared_in_the_template() {
    let t = template();
    let declared: Vec<String> = t["Resources"]
        .as_hash()
        .unwrap()
        .keys()
        .flat_map(|name| declared_routes(&t, name.as_str().unwrap()))
        .collect();
    let mut checked = 0;
    for function in [
        "applications",
        "attachments",
        "telegram",
        "reviews",
        "admin",
        "exports",
    ] {
        let dir = format!("{}/../events/{function}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let event: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            // HTTP events have a route; the S3 event has none.
            let Some(route) = event["routeKey"].as_str() else {
                continue;
            };
            if route != "$default" {
                assert!(
                    declared.iter().any(|d| d == route),
                    "{route} ({}) is not in the template",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} events checked");
}

/// The `METHOD /path` of every HttpApi event of one function in the template.
fn declared_routes(t: &Yaml, function: &str) -> Vec<String> {
    let mut declared = Vec::new();
    if let Some(events) = t["Resources"][function]["Properties"]["Events"].as_hash() {
        for event in events.values() {
            if event["Type"].as_str() == Some("HttpApi") {
                let p = &event["Properties"];
                declared.push(format!(
                    "{} {}",
                    p["Method"].as_str().unwrap(),
                    p["Path"].as_str().unwrap()
                ));
            }
        }
    }
    declared
}

/// A route a function serves (its OpenAPI document is written from its router) but the
/// template does not send to it would answer 404 on AWS alone.
#[test]
fn every_route_a_function_serves_is_sent_to_it_by_the_template() {
    let t = template();
    let (mut checked, mut missing) = (0, Vec::new());
    for (function, document) in [
        ("ApplicationsFunction", casebook_applications::openapi()),
        ("AttachmentsFunction", casebook_attachments::openapi()),
        ("ReviewsFunction", casebook_reviews::openapi()),
        ("AdminFunction", casebook_admin::openapi()),
        ("ExportsFunction", casebook_admin::exports::openapi()),
        ("OptOutFunction", casebook_reminders::openapi()),
    ] {
        let declared = declared_routes(&t, function);
        let document = serde_json::to_value(&document).unwrap();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let route = format!("{} {path}", method.to_uppercase());
                if !declared.contains(&route) {
                    missing.push(format!("{function}: {route}"));
                }
                checked += 1;
            }
        }
    }
    assert!(
        missing.is_empty(),
        "served, but not routed there by the template: {missing:#?}"
    );
    assert!(checked >= 30, "only {checked} routes checked");
}

#[test]
fn every_function_binary_has_a_function_in_the_template() {
    let t = template();
    let mut binaries: Vec<String> = t["Resources"]
        .as_hash()
        .unwrap()
        .values()
        .filter_map(|r| {
            r["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    binaries.sort();
    assert_eq!(
        binaries,
        [
            "admin",
            "applications",
            "attachment-uploaded",
            "attachments",
            "exports",
            "opt-out",
            "reminders",
            "reviews",
            "telegram",
            "wechat"
        ]
    );
    let s3_events =
        t["Resources"]["AttachmentUploadedFunction"]["Properties"]["Events"]["ObjectCreated"]
            .clone();
    assert_eq!(s3_events["Type"].as_str(), Some("S3"));
    assert_eq!(
        s3_events["Properties"]["Events"].as_str(),
        Some("s3:ObjectCreated:*")
    );
}

#[test]
fn the_table_is_protected_the_webhook_throttled_apart_and_the_upload_origin_required() {
    let t = template();
    assert_eq!(
        t["Resources"]["Table"]["Properties"]["DeletionProtectionEnabled"].as_bool(),
        Some(true)
    );
    let api = &t["Resources"]["HttpApi"]["Properties"];
    let webhook = &api["RouteSettings"]["POST /telegram/webhook"];
    assert!(webhook["ThrottlingRateLimit"].as_i64().is_some(), "{api:?}");
    assert!(
        webhook["ThrottlingBurstLimit"].as_i64().is_some(),
        "{api:?}"
    );
    let origin = &t["Parameters"]["UploadOrigin"];
    assert!(
        origin["Default"].is_badvalue(),
        "no default origin: {origin:?}"
    );
    let pattern = origin_pattern(origin["AllowedPattern"].as_str().unwrap());
    assert!(!pattern("*") && !pattern("https://a.example.org/*"));
    assert!(pattern("https://apply.example.org") && pattern("http://localhost:8080"));
}

/// The origin pattern, checked without a regex crate: the few shapes that matter.
fn origin_pattern(pattern: &str) -> impl Fn(&str) -> bool {
    assert_eq!(pattern, "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");
    |origin: &str| {
        let Some(rest) = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
        else {
            return false;
        };
        let (host, port) = rest.split_once(':').unwrap_or((rest, ""));
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && (port.is_empty() || (port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit())))
    }
}

#[test]
fn uploads_land_in_a_quarantine_that_expires_and_failed_checks_are_kept() {
    let t = template();
    let r = &t["Resources"];
    let rules = r["Bucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
        .as_vec()
        .unwrap();
    assert!(
        rules
            .iter()
            .any(|rule| rule["Prefix"].as_str() == Some("uploads/")
                && rule["ExpirationInDays"].as_i64() == Some(1)),
        "{rules:?}"
    );
    let checker = &r["AttachmentUploadedFunction"]["Properties"];
    let filter = &checker["Events"]["ObjectCreated"]["Properties"]["Filter"]["S3Key"]["Rules"][0];
    assert_eq!(filter["Value"].as_str(), Some("uploads/"));
    let on_failure = &checker["EventInvokeConfig"]["DestinationConfig"]["OnFailure"];
    assert_eq!(on_failure["Type"].as_str(), Some("SQS"));
    assert!(!r["UploadCheckFailures"].is_badvalue());
    // Every function that reads objects can tell a missing one from a forbidden one.
    for function in [
        "AttachmentsFunction",
        "AttachmentUploadedFunction",
        "TelegramFunction",
    ] {
        let statements = r[function]["Properties"]["Policies"][0]["Statement"]
            .as_vec()
            .unwrap();
        assert!(
            statements
                .iter()
                .any(|s| s["Action"].as_str() == Some("s3:ListBucket")),
            "{function} lacks s3:ListBucket"
        );
    }
}

/// Every action a function's inline policies allow.
fn allowed_actions(t: &Yaml, function: &str) -> Vec<String> {
    let mut actions = Vec::new();
    for policy in t["Resources"][function]["Properties"]["Policies"]
        .as_vec()
        .unwrap()
    {
        for statement in policy["Statement"].as_vec().unwrap() {
            match &statement["Action"] {
                Yaml::String(a) => actions.push(a.clone()),
                Yaml::Array(list) => {
                    actions.extend(list.iter().filter_map(|a| a.as_str().map(str::to_string)))
                }
                other => panic!("{function}: unexpected Action {other:?}"),
            }
        }
    }
    actions
}

#[test]
fn the_review_functions_hold_only_what_they_use() {
    let t = template();
    let reviews = allowed_actions(&t, "ReviewsFunction");
    assert!(reviews.contains(&"s3:GetObject".to_string()), "{reviews:?}");
    for never in [
        "s3:PutObject",
        "s3:DeleteObject",
        "dynamodb:Scan",
        "dynamodb:DeleteTable",
    ] {
        assert!(!reviews.iter().any(|a| a == never), "reviews may {never}");
    }
    // Reviewers download only checked files, never the upload quarantine.
    let resources = format!(
        "{:?}",
        t["Resources"]["ReviewsFunction"]["Properties"]["Policies"]
    );
    assert!(resources.contains("/files/*"), "{resources}");
    // The admin function touches no file; the exports function reads checked images and
    // writes the Collection's zip under exports/ alone, deletes nothing and never touches
    // the quarantine.
    let admin = allowed_actions(&t, "AdminFunction");
    assert!(admin.iter().all(|a| !a.starts_with("s3:")), "{admin:?}");
    let exports = allowed_actions(&t, "ExportsFunction");
    assert!(
        exports.iter().all(|a| a != "s3:DeleteObject"),
        "{exports:?}"
    );
    let statements = t["Resources"]["ExportsFunction"]["Properties"]["Policies"][0]["Statement"]
        .as_vec()
        .unwrap();
    for statement in statements {
        let resources = format!("{:?}", statement["Resource"]);
        assert!(!resources.contains("uploads/"), "{resources}");
        if statement["Action"].as_str() == Some("s3:PutObject") {
            assert!(
                resources.contains("/exports/*") && !resources.contains("/files/*"),
                "the exports function may write outside exports/: {resources}"
            );
        }
    }
    assert!(exports.contains(&"s3:PutObject".to_string()), "{exports:?}");
    assert!(admin.iter().all(|a| a != "dynamodb:Scan"), "{admin:?}");
}

/// The resource a `!Ref NAME` in the template names (the YAML reader keeps the tag's
/// value as text, so the debug form carries the name).
fn refs_in(value: &Yaml, names: &[&str]) -> Vec<String> {
    let text = format!("{value:?}");
    names
        .iter()
        .filter(|n| text.contains(&format!("\"{n}\"")))
        .map(|n| n.to_string())
        .collect()
}

#[test]
fn each_function_reads_only_the_signing_keys_of_its_job_from_generated_secrets() {
    let t = template();
    let secrets = ["ReviewerKey", "OrganizerKey", "OptOutKey"];
    assert!(
        t["Parameters"]["SigningKey"].is_badvalue(),
        "no key is typed in as a parameter"
    );
    for secret in secrets {
        let resource = &t["Resources"][secret];
        assert_eq!(
            resource["Type"].as_str(),
            Some("AWS::SecretsManager::Secret")
        );
        let generated = &resource["Properties"]["GenerateSecretString"];
        assert!(
            generated["PasswordLength"].as_i64().unwrap() >= 43,
            "{secret}"
        );
        assert_eq!(generated["ExcludePunctuation"].as_bool(), Some(true));
        assert!(
            resource["Properties"]["SecretString"].is_badvalue(),
            "{secret} is generated, never written in"
        );
    }
    let jobs: &[(&str, &[&str])] = &[
        ("ReviewsFunction", &["ReviewerKey"]),
        (
            "AdminFunction",
            &["ReviewerKey", "OrganizerKey", "OptOutKey"],
        ),
        ("ExportsFunction", &["OrganizerKey"]),
        ("RemindersFunction", &["ReviewerKey", "OptOutKey"]),
        ("OptOutFunction", &["OptOutKey"]),
    ];
    let functions: Vec<String> = t["Resources"]
        .as_hash()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::Function"))
        .map(|(name, _)| name.as_str().unwrap().to_string())
        .collect();
    assert!(functions.len() >= 9, "{functions:?}");
    for function in &functions {
        let want: Vec<String> = jobs
            .iter()
            .find(|(f, _)| f == function)
            .map(|(_, keys)| keys.iter().map(|k| k.to_string()).collect())
            .unwrap_or_default();
        let properties = &t["Resources"][function.as_str()]["Properties"];
        // The environment names its secrets, and holds no key itself.
        let mut named = Vec::new();
        if let Some(variables) = properties["Environment"]["Variables"].as_hash() {
            for (name, value) in variables {
                let name = name.as_str().unwrap();
                assert!(
                    !(name.starts_with("CASEBOOK_") && name.ends_with("_KEY")),
                    "{function} holds a key in its environment: {name}"
                );
                if name.ends_with("_KEY_SECRET") {
                    named.extend(refs_in(value, &secrets));
                }
            }
        }
        named.sort();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        assert_eq!(named, want_sorted, "{function}'s key secrets");
        // Its role may read exactly those secrets, and do nothing else with any secret.
        let mut readable = Vec::new();
        for policy in properties["Policies"].as_vec().into_iter().flatten() {
            for statement in policy["Statement"].as_vec().into_iter().flatten() {
                let actions = format!("{:?}", statement["Action"]);
                if actions.contains("secretsmanager") {
                    assert_eq!(
                        statement["Action"].as_str(),
                        Some("secretsmanager:GetSecretValue"),
                        "{function}"
                    );
                    assert!(
                        !format!("{:?}", statement["Resource"]).contains('*'),
                        "{function} reads any secret"
                    );
                    readable.extend(refs_in(&statement["Resource"], &secrets));
                }
            }
        }
        readable.sort();
        assert_eq!(readable, want_sorted, "{function} may read");
        assert!(
            want.is_empty() || !format!("{:?}", properties["Policies"]).contains("SecretsManager"),
            "{function}: no managed secrets policy"
        );
    }
}

#[test]
fn the_reminder_schedule_runs_daily_at_the_campaigns_hour_in_its_zone_with_a_dead_letter_queue() {
    let t = template();
    let daily = &t["Resources"]["RemindersFunction"]["Properties"]["Events"]["Daily"];
    assert_eq!(daily["Type"].as_str(), Some("ScheduleV2"));
    let p = &daily["Properties"];
    let campaign = casebook_core::Campaign::builtin();
    let at = campaign.reminders().send_at;
    assert_eq!(
        p["ScheduleExpression"].as_str(),
        Some(format!("cron({} {} * * ? *)", at.minute(), at.hour()).as_str())
    );
    assert_eq!(
        p["ScheduleExpressionTimezone"].as_str(),
        Some(campaign.time_zone())
    );
    let input: serde_json::Value = serde_json::from_str(p["Input"].as_str().unwrap()).unwrap();
    assert_eq!(input, serde_json::json!({"kind": "reminders"}));
    assert!(p["RetryPolicy"]["MaximumRetryAttempts"].as_i64().unwrap() >= 1);
    assert!(format!("{:?}", p["DeadLetterConfig"]["Arn"]).contains("ReminderFailures"));
    // The sample event is what the schedule sends.
    let sample = format!(
        "{}/../events/reminders/scheduled.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample).unwrap()).unwrap();
    assert_eq!(sample, input);
    // The opt-out page writes the opt-out item and reads its own key, nothing else.
    let opt_out = allowed_actions(&t, "OptOutFunction");
    assert_eq!(
        opt_out,
        ["secretsmanager:GetSecretValue", "dynamodb:PutItem"]
    );
}

/// The partition keys a function's DynamoDB statements are limited to
/// (`dynamodb:LeadingKeys`), from each statement that grants a DynamoDB action.
fn leading_keys(t: &Yaml, function: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for policy in t["Resources"][function]["Properties"]["Policies"]
        .as_vec()
        .unwrap()
    {
        for statement in policy["Statement"].as_vec().unwrap() {
            let actions = format!("{:?}", statement["Action"]);
            if !actions.contains("dynamodb:") {
                continue;
            }
            let keys = &statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"];
            out.push(
                keys.as_vec()
                    .map(|list| {
                        list.iter()
                            .filter_map(|k| k.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            );
        }
    }
    out
}

#[test]
fn the_review_admin_and_reminder_functions_reach_only_their_key_prefixes() {
    let t = template();
    // Every partition key the adapters write (core/STORAGE.md), the index's included.
    let known = [
        "APP#*",
        "REF#*",
        "COUNTER#*",
        "CAMPAIGN#*",
        "DIALOGUE#*",
        "UPDATE#*",
        "LINK#*",
        "OPTOUT#*",
        "QUESTIONS",
        "REVIEWER#*",
        "REVIEWERS",
        "REVIEWER_EMAIL#*",
        "ASSIGN#*",
        "REVIEW#ROUND#*",
        "ROUND#*",
        "AUDIT",
        "ORGANIZER#*",
        "ORGANIZERS",
        "ORGANIZER_EMAIL#*",
        "DRAFTMAIL#*",
        "UPLOAD#PENDING",
    ];
    // What each may never touch: applicants' conversations, codes and references, and
    // (for all but the admin function) the organizers' records.
    let never = [
        (
            "ReviewsFunction",
            &[
                "DIALOGUE#*",
                "LINK#*",
                "REF#*",
                "COUNTER#*",
                "OPTOUT#*",
                "ORGANIZER#*",
                "QUESTIONS",
            ][..],
        ),
        // (The admin function reads the questions' inbox and marks questions answered,
        // and reads opt-outs: a reviewer nudge respects them.)
        (
            "AdminFunction",
            &["DIALOGUE#*", "LINK#*", "REF#*", "COUNTER#*"][..],
        ),
        (
            "RemindersFunction",
            &["DIALOGUE#*", "LINK#*", "REF#*", "COUNTER#*", "ORGANIZER#*"][..],
        ),
    ];
    for (function, forbidden) in never {
        let statements = leading_keys(&t, function);
        assert!(
            !statements.is_empty(),
            "{function} has no DynamoDB statement"
        );
        for keys in statements {
            assert!(
                !keys.is_empty(),
                "{function}: a DynamoDB statement without dynamodb:LeadingKeys"
            );
            for key in &keys {
                assert!(
                    known.contains(&key.as_str()),
                    "{function}: unknown key {key}"
                );
                assert!(
                    !forbidden.contains(&key.as_str()),
                    "{function} may touch {key}"
                );
            }
        }
    }
}

#[test]
fn the_http_apis_access_log_holds_no_query_string_token_or_address() {
    let t = template();
    let settings = &t["Resources"]["HttpApi"]["Properties"]["AccessLogSettings"];
    let destination = format!("{:?}", settings["DestinationArn"]);
    assert!(
        destination.contains("HttpApiAccessLogGroup"),
        "{destination}"
    );
    let format = settings["Format"].as_str().expect("an access log format");
    let line: serde_json::Value = serde_json::from_str(format).expect("one JSON object a request");
    for field in ["requestId", "route", "status"] {
        assert!(line.get(field).is_some(), "{field} in {format}");
    }
    assert_eq!(line["route"], "$context.routeKey");
    for secret in [
        "$context.path",
        "querystring",
        "$context.identity.sourceIp",
        "$context.identity.userAgent",
        "$request.header",
        "authorizer",
    ] {
        assert!(
            !format.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} in the access log"
        );
    }
    let retention = format!(
        "{:?}",
        t["Resources"]["HttpApiAccessLogGroup"]["Properties"]["RetentionInDays"]
    );
    assert!(retention.contains("LogRetentionDays"), "{retention}");
}

/// What an operator is told about: every alarm mails the alarm topic, which mails the
/// address the stack was given; each function's errors, the API's 5xx rate, throttles,
/// each dead-letter queue, SES's bounce and complaint rates and mail failures have one;
/// the call's dashboard is there.
#[test]
fn every_failure_an_operator_must_hear_of_has_an_alarm_that_mails_them() {
    let t = template();
    let resources = t["Resources"].as_hash().unwrap();
    let of_type = |kind: &str| -> Vec<(String, &Yaml)> {
        resources
            .iter()
            .filter(|(_, r)| r["Type"].as_str() == Some(kind))
            .map(|(k, r)| (k.as_str().unwrap().to_string(), r))
            .collect()
    };
    let alarms = of_type("AWS::CloudWatch::Alarm");
    for (name, alarm) in &alarms {
        let actions = format!("{:?}", alarm["Properties"]["AlarmActions"]);
        assert!(
            actions.contains("AlarmTopic"),
            "{name} tells nobody: {actions}"
        );
        assert!(
            alarm["Properties"]["AlarmDescription"].as_str().is_some(),
            "{name} says nothing"
        );
    }
    let watching = |metric: &str, subject: &str| {
        alarms.iter().any(|(_, a)| {
            a["Properties"]["MetricName"].as_str() == Some(metric)
                && format!("{:?}", a["Properties"]["Dimensions"]).contains(subject)
        })
    };
    for (function, _) in of_type("AWS::Serverless::Function") {
        assert!(
            watching("Errors", &function),
            "no alarm on {function}'s errors"
        );
    }
    for (queue, _) in of_type("AWS::SQS::Queue") {
        assert!(
            watching("ApproximateNumberOfMessagesVisible", &queue),
            "no alarm on the dead letters of {queue}"
        );
    }
    assert!(watching("5xx", "HttpApi"));
    for metric in [
        "Throttles",
        "Reputation.BounceRate",
        "Reputation.ComplaintRate",
        "MailFailures",
    ] {
        assert!(
            alarms
                .iter()
                .any(|(_, a)| a["Properties"]["MetricName"].as_str() == Some(metric)),
            "no alarm on {metric}"
        );
    }
    let topic = &resources[&Yaml::String("AlarmTopic".into())];
    assert!(
        format!("{:?}", topic["Properties"]["Subscription"]).contains("AlarmEmail"),
        "the alarm topic mails the AlarmEmail parameter"
    );
    assert!(t["Parameters"]["AlarmEmail"].as_hash().is_some());
    assert_eq!(of_type("AWS::CloudWatch::Dashboard").len(), 1);
}
