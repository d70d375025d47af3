"""registry: office profile, officer names and positions, override reasons, the uploader's district

Revision ID: 0002_registry
Revises: 0001
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_registry"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("office_name", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("address", sa.String(400), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("phone", sa.String(60), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("signer_name", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("signer_position", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("emblem_path", sa.String(1000), nullable=False, server_default="")
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("position", sa.String(200), nullable=False, server_default="")
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uploaded_district_code", sa.String(4), nullable=True))
        batch_op.add_column(
            sa.Column("override_reason", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("override_reason")
        batch_op.drop_column("uploaded_district_code")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("position")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        for name in (
            "emblem_path",
            "signer_position",
            "signer_name",
            "phone",
            "address",
            "office_name",
        ):
            batch_op.drop_column(name)
