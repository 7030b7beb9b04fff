import os

import boto3

CREDENTIALS = {
    "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
    "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
}


def orders_table(name: str = "orders"):
    """Open the DynamoDB table that stores orders."""
    session = boto3.session.Session(**CREDENTIALS, region_name="us-east-1")
    return session.resource("dynamodb").Table(name)
