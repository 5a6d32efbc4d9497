"""``gongkai totp USERNAME``: print the current one-time code of a user's authenticator.

For the demo and for operators with shell access (who could read the secret from the database
anyway): a demo administrator without a phone enrols and signs in with the code printed here.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "打印某工作人员身份验证器当前的动态验证码（演示与运维用）"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "-id").first()
        if device is None:
            raise CommandError(f"{username} 没有身份验证器：请先登录，打开“启用双因素登录”页面后再运行本命令")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        state = "已启用" if device.confirmed else "待启用"
        self.stdout.write(
            f"{username} 的动态验证码（{state}，{device.step} 秒内有效）：{code:0{device.digits}d}"
        )
