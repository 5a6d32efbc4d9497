from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    verbose_name = "安全"
