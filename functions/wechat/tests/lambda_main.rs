//! The real `wechat` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table of the local AWS-compatible server, with the signed
//! sample events of `events/wechat/`.

use std::process::{Command, Stdio};
use std::time::Duration;

use casebook_bot::wechat::crypto::AesKey;
use casebook_bot::wechat::xml;
use casebook_testkit::StubRuntime;

fn event(name: &str) -> String {
    let path = format!(
        "{}/../../events/wechat/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_function_answers_tencents_calls_from_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-wechat-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wechat"))
        .envs(runtime.lambda_env("wechat"))
        .env("CASEBOOK_TABLE", &table)
        .env("CASEBOOK_NOW", "2024-05-01T01:00:00Z")
        .env("CASEBOOK_REHEARSAL", "1")
        .env(
            "WECHAT_TOKEN",
            "sample-token-for-the-events-in-this-folder-only",
        )
        .env("WECHAT_APP_ID", APP_ID)
        .env("WECHAT_ENCODING_AES_KEY", KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for name in [
        "verify",
        "message",
        "message",
        "message-bad-signature",
        "message-doctype",
        "message-safe",
    ] {
        runtime.push(event(name));
    }
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(6))
        .await
        .expect("answers");
    let _ = child.kill();
    let _ = child.wait();
    let status = |i: usize| answers[i].body["statusCode"].as_u64();
    let body = |i: usize| answers[i].body["body"].as_str().unwrap_or("").to_string();
    assert!(answers.iter().all(|a| a.ok), "{answers:?}");
    assert_eq!(
        (status(0), body(0)),
        (Some(200), "5195436427618930234".into())
    );
    // The account is in safe mode: a plain body, though its URL is signed, is anyone's
    // and is refused (the plain-mode protocol, retries included, is tested in the bot's
    // and `casebook serve`'s tests).
    assert_eq!((status(1), status(2)), (Some(401), Some(401)));
    assert_eq!(status(3), Some(401));
    assert_eq!(status(4), Some(401));
    // Every answer carries the security headers of every other function.
    for answer in &answers {
        assert_eq!(
            answer.body["headers"]["x-content-type-options"], "nosniff",
            "{answer:?}"
        );
    }
    // Safe mode: a menu CLICK, encrypted; the reply encrypted back to its sender.
    assert_eq!(status(5), Some(200));
    let envelope = xml::parse(body(5).as_bytes()).unwrap();
    let inner = AesKey::from_encoding_aes_key(KEY)
        .unwrap()
        .decrypt(&envelope.encrypt.unwrap(), APP_ID)
        .unwrap();
    let reply = xml::parse(inner.as_bytes()).unwrap();
    assert_eq!(reply.to_user, "o_sample_user");
    assert!(
        reply.content.unwrap().contains("20 June 2024"),
        "the CLICK key /faq schedule answered (in English: the sender's plain Chinese messages were refused): {inner}"
    );
}

const APP_ID: &str = "wx5823bf96d3bd56c7";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

#[test]
fn without_a_token_the_function_stops_at_init_and_names_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_wechat"))
        .env_remove("WECHAT_TOKEN")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("AWS_LAMBDA_FUNCTION_NAME", "wechat")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("WECHAT_TOKEN"));
}
