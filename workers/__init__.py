"""The Celery door: the app and thin tasks that call pipeline verbs."""
