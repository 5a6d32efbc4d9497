"""`gongkai demo`: load the demo data into the configured database (running it twice changes nothing)."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.agencies import services
from gongkai.agencies.models import Agency, User
from gongkai.demo import consolidated, data, luoyang, others
from gongkai.search.backends import rebuild


class Command(BaseCommand):
    help = "载入演示数据（可重复运行）；--logins 打印演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="只打印访问地址和演示账号")
        parser.add_argument("--address", default="http://127.0.0.1:8000")

    def handle(self, *args, logins=False, address="", **options):
        if logins:
            self._print_logins(address)
            return
        started = time.monotonic()
        self._started = started
        self._step(1, "机关和工作人员账号")
        with transaction.atomic():
            agencies, users, created = self._load_people()
        loaded = self._load_records(agencies, users)
        if loaded:
            self._step(5, "重建检索索引")
            indexed = rebuild(progress=lambda n: self.stdout.write(f"  已索引 {n} 条…"))
            self.stdout.write(f"检索索引已重建：{indexed} 条")
        self.stdout.write(
            f"演示数据已就绪（新建机关和账号 {created} 个；"
            f"{'载入了业务数据' if loaded else '业务数据已存在，未改动'}；用时 {time.monotonic() - started:.0f} 秒）。"
        )

    def _load_people(self):
        created = 0
        agencies: dict[str, Agency] = {}
        for key, parent_key, name, first17, kind in data.AGENCIES:
            agency = Agency.objects.filter(credit_code=data.code(first17)).first()
            if agency is None:
                agency = services.agency_create(
                    actor=None,
                    name=name,
                    credit_code=data.code(first17),
                    kind=kind,
                    parent=agencies.get(parent_key),
                    **data.OFFICES.get(key, {}),
                )
                created += 1
            agencies[key] = agency
        users: dict[str, User] = {}
        for username, agency_key, full_name, roles in data.USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.staff_create(
                    actor=None,
                    username=username,
                    password=data.DEMO_PASSWORD,
                    agency=agencies.get(agency_key),
                    full_name=full_name,
                    roles=roles,
                )
                if username == "admin":
                    user.is_staff = user.is_superuser = True
                    user.save(update_fields=["is_staff", "is_superuser"])
                created += 1
            users[username] = user
        return agencies, users, created

    def _load_records(self, agencies, users) -> bool:
        rng = random.Random(2023)  # the same demo every time
        self._step(2, "洛阳市教育局：2023年度的记录（与已公布的年报一致）")
        with transaction.atomic():
            first = luoyang.load(agency=agencies["education"], users=users, rng=rng)
        self._step(3, "其他机关和近年的公开、申请、年报")
        with transaction.atomic():
            rest = others.load(agencies=agencies, users=users, rng=rng)
        self._step(4, "洛阳市人民政府：2023年度汇总报告（本级及所属部门）")
        with transaction.atomic():
            whole = consolidated.load(agencies=agencies, users=users, rng=rng)
        return first or rest or whole

    STEPS = 5

    def _step(self, n: int, what: str) -> None:
        """Show where the load is (it takes a minute): step n of ``STEPS``, with the time so far."""
        elapsed = time.monotonic() - self._started
        self.stdout.write(f"[{n}/{self.STEPS}] {what}…（已用 {elapsed:.0f} 秒）")
        self.stdout.flush()

    def _print_logins(self, address: str) -> None:
        out = self.stdout.write
        out("")
        out(f"公开（Gongkai）演示站点：{address}/   工作人员登录：{address}/staff/login/")
        out(f"所有演示账号的密码：{data.DEMO_PASSWORD}")
        for username, agency_key, full_name, _roles in data.USERS:
            agency = next((a[2] for a in data.AGENCIES if a[0] == agency_key), "全部机关")
            out(f"  {username:<12} {full_name} — {agency}")
        out(
            "系统管理员、机关管理员和监督员须使用双因素登录：首次登录后按页面提示，用手机身份验证器扫描二维码启用；"
        )
        out("没有手机时，在服务器上运行 `gongkai totp 用户名` 打印当前的 6 位验证码。")
        out("")
