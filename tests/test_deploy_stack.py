"""The CloudFormation stack `ask deploy` creates agrees with the code it runs.

The template (infrastructure/cfn-deployer/skill-stack.yaml) is checked by cfn-lint, then
read the way CloudFormation would, and each thing the code depends on is checked against
the code itself: the handler and the runtime, the environment the skill reads, the memory
table's key and expiry attribute, and the IAM actions, which are compared with the calls
the skill's storage really makes when it runs against a DynamoDB-compatible server (moto)
on a table created exactly as the template describes it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import doors
import pytest
from envelopes import SKILL_ID, Conversation, skill_event, slot
from test_memory import NO_ALEXA_API

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml"
ASK_RESOURCES = ROOT / "ask-resources.json"
# The parameters the ASK CLI's cfn-deployer passes on every deploy (ask-cli 2.30.7,
# lib/builtins/deploy-delegates/cfn-deployer/index.js, _mapStackParameters), and the
# output it reads as the skill's endpoint (helper.js, _waitForStackDeploy).
CFN_DEPLOYER_PARAMETERS = {"SkillId", "LambdaRuntime", "LambdaHandler", "CodeBucket", "CodeKey",
                           "CodeVersion"}
CFN_DEPLOYER_OUTPUT = "SkillEndpoint"


@pytest.fixture(scope="module")
def template():
    # Imported here, not at the top: cfn-lint takes most of a second to import, and every
    # pytest-xdist worker imports each test module to collect it.
    from cfnlint.decode import cfn_yaml

    return cfn_yaml.load(str(TEMPLATE_PATH))


@pytest.fixture(scope="module")
def deployer_config():
    resources = json.loads(ASK_RESOURCES.read_text(encoding="utf-8"))
    infrastructure = resources["profiles"]["default"]["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    return infrastructure["userConfig"]


def resource(template, name, kind):
    found = template["Resources"][name]
    assert found["Type"] == kind
    return found["Properties"]


def the_one(template, kind):
    names = [name for name, r in template["Resources"].items() if r["Type"] == kind]
    assert len(names) == 1, f"expected one {kind}, found {names}"
    return names[0], template["Resources"][names[0]]["Properties"]


def test_template_passes_cfn_lint():
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    result = subprocess.run([str(cfn_lint), str(TEMPLATE_PATH)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_takes_what_the_cfn_deployer_passes_and_gives_back_the_endpoint(template):
    assert CFN_DEPLOYER_PARAMETERS <= set(template["Parameters"])
    function_name, function = the_one(template, "AWS::Lambda::Function")
    assert template["Outputs"][CFN_DEPLOYER_OUTPUT]["Value"] == {"Fn::GetAtt": [function_name, "Arn"]}
    assert function["Code"] == {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"},
                                "S3ObjectVersion": {"Ref": "CodeVersion"}}
    assert function["Handler"] == {"Ref": "LambdaHandler"}
    assert function["Runtime"] == {"Ref": "LambdaRuntime"}


def test_ask_resources_template_and_code_agree_on_handler_and_runtime(template, deployer_config):
    import lambda_handler

    module, function = deployer_config["handler"].rsplit(".", 1)
    assert module == lambda_handler.__name__ and callable(getattr(lambda_handler, function))
    assert deployer_config["handler"] == template["Parameters"]["LambdaHandler"]["Default"]
    assert deployer_config["runtime"] == template["Parameters"]["LambdaRuntime"]["Default"]
    assert deployer_config["runtime"] == "python3.13"
    assert Path(ROOT, deployer_config["templatePath"]).resolve() == TEMPLATE_PATH
    # The event the skill subscribes to reaches the Lambda function too (the CLI writes it).
    assert deployer_config["skillEvents"] == {"subscriptions": ["SKILL_DISABLED"]}


def stack_environment(template, table_name="memory-table-from-the-stack",
                      skill_id="amzn1.ask.skill.from-the-stack"):
    """The function's environment as Lambda would see it, with the references resolved."""
    table_resource, _ = the_one(template, "AWS::DynamoDB::Table")
    references = {table_resource: table_name, "SkillId": skill_id}
    _, function = the_one(template, "AWS::Lambda::Function")
    resolved = {}
    for name, value in function["Environment"]["Variables"].items():
        resolved[name] = references[value["Ref"]] if isinstance(value, dict) else value
    return resolved


def test_environment_names_settings_the_skill_reads_and_chooses_dynamodb(template):
    from skill.settings import PREFIX, Settings

    environment = stack_environment(template)
    for name in environment:
        assert name.startswith(PREFIX) and name[len(PREFIX):].lower() in Settings._fields, name
    settings = Settings.from_env({**environment, "AWS_LAMBDA_FUNCTION_NAME": "f"})
    assert settings.storage == "dynamodb"
    assert settings.dynamodb_table == "memory-table-from-the-stack"
    assert settings.skill_id == "amzn1.ask.skill.from-the-stack"


def test_memory_table_is_on_demand_with_point_in_time_recovery_and_expiry(template):
    _, table = the_one(template, "AWS::DynamoDB::Table")
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["TimeToLiveSpecification"]["Enabled"] is True
    assert "TableName" not in table  # CloudFormation names it; the function is told the name


def test_only_this_skill_may_invoke_the_function(template):
    function_name, _ = the_one(template, "AWS::Lambda::Function")
    _, permission = the_one(template, "AWS::Lambda::Permission")
    assert permission == {"Action": "lambda:InvokeFunction",
                          "FunctionName": {"Fn::GetAtt": [function_name, "Arn"]},
                          "Principal": "alexa-appkit.amazon.com",
                          "EventSourceToken": {"Ref": "SkillId"}}


def role_statements(template):
    _, role = the_one(template, "AWS::IAM::Role")
    assert "ManagedPolicyArns" not in role
    return [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]


def test_the_function_writes_logs_only_to_its_own_log_group_which_has_a_retention(template):
    log_group_name, log_group = the_one(template, "AWS::Logs::LogGroup")
    _, function = the_one(template, "AWS::Lambda::Function")
    assert function["LoggingConfig"]["LogGroup"] == {"Ref": log_group_name}
    assert log_group["RetentionInDays"]
    logs = [s for s in role_statements(template)
            if any(a.startswith("logs:") for a in s["Action"])]
    assert logs == [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                     "Resource": {"Fn::GetAtt": [log_group_name, "Arn"]}}]


# --- the table and the role, against what the storage code really does ----------------------

@pytest.fixture
def stack_table(template, dynamodb_server, monkeypatch):
    """The memory table created exactly as the template describes it, and the function's
    environment pointing at it; yields the DynamoDB operations the skill calls."""
    import boto3

    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
                        "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(name, value)
    _, table = the_one(template, "AWS::DynamoDB::Table")
    table_name = "stack-memory-" + os.urandom(4).hex()
    client = boto3.client("dynamodb", endpoint_url=dynamodb_server)
    client.create_table(TableName=table_name, KeySchema=table["KeySchema"],
                        AttributeDefinitions=table["AttributeDefinitions"],
                        BillingMode=table["BillingMode"])
    for name, value in stack_environment(template, table_name=table_name,
                                         skill_id=SKILL_ID).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BSC_DYNAMODB_ENDPOINT", dynamodb_server)  # read by the door below
    monkeypatch.setenv("BSC_DYNAMODB_CREATE_TABLE", "false")  # as on AWS: the stack made it
    calls = []
    adapter = doors.serve(monkeypatch, None).skill().persistence_adapter  # the Lambda door, as on AWS
    adapter.client.meta.events.register(
        "before-call.dynamodb", lambda model, **_: calls.append(model.name))
    yield {"table": table, "client": client, "name": table_name, "calls": calls}


def test_the_skill_remembers_and_forgets_on_the_stack_table_with_only_the_actions_the_role_allows(
        template, stack_table):
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", "2026-11-20"))
    items = stack_table["client"].scan(TableName=stack_table["name"])["Items"]
    assert len(items) == 1
    ttl_attribute = stack_table["table"]["TimeToLiveSpecification"]["AttributeName"]
    assert ttl_attribute in items[0] and "N" in items[0][ttl_attribute]
    user.ask("ForgetMeIntent")
    user.ask("AMAZON.YesIntent")
    assert stack_table["client"].scan(TableName=stack_table["name"])["Items"] == []
    user.launch()
    assert len(stack_table["client"].scan(TableName=stack_table["name"])["Items"]) == 1
    user.send(skill_event("AlexaSkillEvent.SkillDisabled"))
    assert stack_table["client"].scan(TableName=stack_table["name"])["Items"] == []

    used = {"dynamodb:" + call for call in stack_table["calls"]}
    table_resource, _ = the_one(template, "AWS::DynamoDB::Table")
    granted = [s for s in role_statements(template)
               if s["Resource"] == {"Fn::GetAtt": [table_resource, "Arn"]}]
    assert len(granted) == 1 and granted[0]["Effect"] == "Allow"
    assert set(granted[0]["Action"]) == used == {"dynamodb:GetItem", "dynamodb:UpdateItem",
                                                 "dynamodb:DeleteItem"}
