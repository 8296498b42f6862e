"""The applications function's start in Python and boto3, the yardstick of `scripts/bench`'s
cold start table: the same work before the first poll (the campaign file read, a DynamoDB
client from the environment), then each event answered after one read of the table.

Run by lambda-bench as `python bench/python/bootstrap.py` under its stub Runtime API.
"""

import json
import os
import tomllib
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "core", "campaigns", "2024.toml"), "rb") as f:
    campaign = tomllib.load(f)
# Region, credentials and AWS_ENDPOINT_URL from the environment, as on Lambda.
dynamodb = boto3.client("dynamodb")
table = os.environ["CASEBOOK_TABLE"]
api = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime/invocation"

while True:
    with urllib.request.urlopen(f"{api}/next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    found = dynamodb.get_item(
        TableName=table, Key={"pk": {"S": "APP#none"}, "sk": {"S": "APP"}}
    )
    status = 200 if "Item" in found else 404
    answer = {"statusCode": status, "body": json.dumps({"year": campaign["year"]})}
    request = urllib.request.Request(
        f"{api}/{request_id}/response", data=json.dumps(answer).encode(), method="POST"
    )
    urllib.request.urlopen(request).read()
