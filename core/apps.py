from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from . import signals  # noqa: F401 (connects the sign-in log receivers)
        from .append_only import install_append_only_triggers
        from .page_cache import install_version_triggers
        from .record_versions import install_record_version_triggers
        from .temporal import install_validity_triggers

        # After every migrate, whichever apps it migrated: history tables are append-only.
        post_migrate.connect(
            install_append_only_triggers, sender=self, dispatch_uid="core_append_only_history"
        )
        # And each history row knows when it stopped being true (core.temporal).
        post_migrate.connect(
            install_validity_triggers, sender=self, dispatch_uid="core_history_validity"
        )
        # And every committed change bumps the data version cached pages are keyed on.
        post_migrate.connect(
            install_version_triggers, sender=self, dispatch_uid="core_data_version"
        )
        # And every change bumps the version of the records it belongs to (list rows' key).
        post_migrate.connect(
            install_record_version_triggers, sender=self, dispatch_uid="core_record_versions"
        )
