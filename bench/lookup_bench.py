"""Times "who owns this?" on a generated organisation of 20,000 duties and 5,000 people.

The organisation speaks both languages: every department, post, person, process and duty has
an English and a Chinese name, built from a vocabulary of business words, so a question's
words match hundreds of duties as they would in a real registry. The index is built once
(timed), then each question of QUESTIONS is asked `--runs` times through the API
(`GET /api/v1/lookup/?q=`, Django's test client, token authentication): the figures are each
question's median and the 95th percentile over every request, and the most queries any
request ran.

    .venv/bin/python bench/lookup_bench.py --database-url postgres://postgres@127.0.0.1:5432/lookup_bench
"""

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throwaway_db import throwaway_database  # noqa: E402

BATCH = 2_000
STEPS_PER_PROCESS = 10
LETTERS_PER_DUTY = 8
P95_TARGET_MS = 50
QUERY_TARGET = 5

VERBS = [("review", "复核"), ("approve", "审批"), ("prepare", "准备"), ("monitor", "监控"),
         ("update", "更新"), ("publish", "发布"), ("resolve", "处理"), ("classify", "分类"),
         ("escalate", "升级"), ("archive", "归档"), ("audit", "审计"), ("negotiate", "谈判"),
         ("design", "设计"), ("test", "测试"), ("plan", "规划"), ("report", "汇报")]
OBJECTS = [("payment", "支付"), ("refund", "退款"), ("complaint", "投诉"), ("invoice", "发票"),
           ("contract", "合同"), ("supplier", "供应商"), ("campaign", "活动"),
           ("release", "版本"), ("server", "服务器"), ("security", "安全"), ("budget", "预算"),
           ("warehouse", "仓库"), ("delivery", "配送"), ("promotion", "促销"),
           ("customer data", "客户数据"), ("pricing", "定价"), ("inventory", "库存"),
           ("onboarding", "入职"), ("training", "培训"), ("vendor", "厂商"), ("outage", "故障"),
           ("feedback", "反馈"), ("license", "许可证"), ("backup", "备份")]
QUALIFIERS = [("weekly", "每周"), ("monthly", "每月"), ("regional", "区域"), ("online", "线上"),
              ("store", "门店"), ("partner", "合作伙伴"), ("mobile", "移动端"), ("annual", "年度")]
SURNAMES = [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
            ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
            ("Xu", "徐"), ("Sun", "孙"), ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林")]
GIVEN = [("Fang", "芳"), ("Na", "娜"), ("Wei", "伟"), ("Yang", "洋"), ("Jing", "静"),
         ("Min", "敏"), ("Lei", "磊"), ("Qiang", "强"), ("Jie", "杰"), ("Hao", "昊"), ("Lin", "琳"),
         ("Tao", "涛"), ("Li", "丽"), ("Hong", "红"), ("Xiao", "晓"), ("Ping", "萍"),
         ("Yun", "云"), ("Feng", "峰"), ("Xue", "雪"), ("Yu", "宇"), ("Bo", "波"), ("Jia", "佳")]
POSTS = [("manager", "经理"), ("specialist", "专员"), ("analyst", "分析师"), ("engineer", "工程师"),
         ("lead", "负责人"), ("coordinator", "协调员")]

# (question, kind): several words, a person, a post, Chinese, Traditional Chinese, a typo.
QUESTIONS = [
    ("refund", "one word"), ("payment outage", "two words"),
    ("who handles the weekly invoice review", "a question"),
    ("退款", "Chinese"), ("支付 故障", "Chinese, two words"), ("審批合同", "Traditional"),
    ("paymnet", "a typo"), ("Wang Fang 3", "a person"), ("payment manager 2", "a post"),
    ("duty-10001", "a code"), ("zebra", "nothing"),
]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duties", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=20, help="requests per question")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--writes", type=int, default=50, help="one-cell writes timed")
    parser.add_argument("--database-url", help="PostgreSQL server to use instead of SQLite")
    return parser.parse_args()


def org_create(rng, *, duties, people):
    """Departments, posts (one per five people), people, processes of ten steps and about
    eight letters a duty, every name in both languages."""
    from departments.models import Department, Membership, Person, Role
    from responsibilities.models import Assignment, Duty, Process, Raci

    departments = max(5, people // 100)
    Department.objects.bulk_create(
        Department(id=n, code=f"dept-{n}", name_en=f"{OBJECTS[n % len(OBJECTS)][0].title()} {n}",
                   name_zh_hans=f"{OBJECTS[n % len(OBJECTS)][1]}部{n}")
        for n in range(1, departments + 1))
    roles = people // 5
    Role.objects.bulk_create(
        Role(id=n, code=f"role-{n}", department_id=n % departments + 1,
             name_en=f"{OBJECTS[n % len(OBJECTS)][0]} {POSTS[n % len(POSTS)][0]} {n % 7}",
             name_zh_hans=f"{OBJECTS[n % len(OBJECTS)][1]}{POSTS[n % len(POSTS)][1]}{n % 7}")
        for n in range(1, roles + 1))
    Person.objects.bulk_create(
        Person(id=n, name_en=f"{SURNAMES[n % 16][0]} {GIVEN[n % 22][0]} {n % 9}",
               name_zh_hans=f"{SURNAMES[n % 16][1]}{GIVEN[n % 22][1]}{n % 9}")
        for n in range(1, people + 1))
    Membership.objects.bulk_create(
        Membership(person_id=n, role_id=n % roles + 1) for n in range(1, people + 1))
    Process.objects.bulk_create(
        Process(id=n, code=f"process-{n}",
                name_en=f"{QUALIFIERS[n % 8][0]} {OBJECTS[n % len(OBJECTS)][0]} process",
                name_zh_hans=f"{QUALIFIERS[n % 8][1]}{OBJECTS[n % len(OBJECTS)][1]}流程")
        for n in range(1, duties // STEPS_PER_PROCESS + 2))
    parties = [("role", n) for n in range(1, roles + 1)]
    parties += [("department", n) for n in range(1, departments + 1)]
    letters = [Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.CONSULTED,
               *[Raci.INFORMED] * (LETTERS_PER_DUTY - 4)]
    for start in range(1, duties + 1, BATCH):
        numbers = range(start, min(start + BATCH, duties + 1))
        made = []
        for n in numbers:
            verb, thing, qualifier = (rng.choice(VERBS), rng.choice(OBJECTS),
                                      rng.choice(QUALIFIERS))
            made.append(Duty(
                id=n, code=f"duty-{n}", process_id=(n - 1) // STEPS_PER_PROCESS + 1,
                step=(n - 1) % STEPS_PER_PROCESS + 1,
                title_en=f"{verb[0].title()} the {qualifier[0]} {thing[0]}",
                title_zh_hans=f"{verb[1]}{qualifier[1]}{thing[1]}",
                description_en=f"How we {verb[0]} each {thing[0]} with {rng.choice(OBJECTS)[0]}.",
                out_of_scope_en=(f"{rng.choice(OBJECTS)[0].title()}: ask department {n % 9 + 1}."
                                 if n % 7 == 0 else "")))
        Duty.objects.bulk_create(made)
        Assignment.objects.bulk_create(
            (Assignment(duty_id=n, raci=letter, **{f"{kind}_id": pk})
             for n in numbers
             for (kind, pk), letter in zip(rng.sample(parties, LETTERS_PER_DUTY), letters,
                                           strict=True)),
            batch_size=BATCH)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    args = arguments()
    rng = random.Random(args.seed)
    with throwaway_database(args.database_url, prefix="lookup-bench-") as connection:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from rest_framework.authtoken.models import Token

        from responsibilities.lookup_index import index_rebuild
        from responsibilities.models import Assignment, Duty

        seconds, _ = timed(lambda: org_create(rng, duties=args.duties, people=args.people))
        print(f"{connection.vendor}: {Duty.objects.count():,} duties, "
              f"{Assignment.objects.count():,} letters, {args.people:,} people "
              f"(generated in {seconds:.1f} s)")
        seconds, _ = timed(index_rebuild)
        print(f"index built in {seconds:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does to a table this size
        # The generator's objects are not a server's: keep the garbage collector off them, as
        # a server process started afresh would be.
        gc.collect()
        gc.freeze()
        user = get_user_model().objects.create_user("bench", password="x")
        token = Token.objects.create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        every, worst_queries = [], 0
        print(f"{'question':40} {'results':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for question, kind in QUESTIONS:
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    seconds, response = timed(
                        lambda q=question: client.get("/api/v1/lookup/", {"q": q}))
                assert response.status_code == 200, response.content
                times.append(seconds * 1000)
            count = response.json()["count"]
            # The token's own lookup is authentication, not the search.
            searched = len([query for query in queries.captured_queries
                            if "authtoken_token" not in query["sql"]])
            worst_queries = max(worst_queries, searched)
            every += times
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{question + ' (' + kind + ')':40} {count:>8,} "
                  f"{statistics.median(times):>10.1f} {p95:>8.1f} {searched:>8}")
        p95 = statistics.quantiles(every, n=20)[-1]
        print(f"all {len(every)} requests: median {statistics.median(every):.1f} ms, "
              f"p95 {p95:.1f} ms (target {P95_TARGET_MS} ms), at most {worst_queries} queries "
              f"(target {QUERY_TARGET})")
        writes_timed(args.writes)


def writes_timed(count):
    """The median one-cell write (cells service, rolled back) with the index kept current and
    without, the stored findings' receiver off in both."""
    from django.db import transaction

    from registry import changes
    from responsibilities.services.cells import CellChange, cells_set

    def median_write():
        times = []
        for n in range(count):
            with transaction.atomic():
                seconds, _ = timed(lambda n=n: cells_set(
                    changes=[CellChange(f"duty-{100 + n}", "role:role-7", "C")], user=None))
                transaction.set_rollback(True)
            times.append(seconds * 1000)
        return statistics.median(times)

    changes.written.disconnect(dispatch_uid="findings.store")
    with_index = median_write()
    changes.written.disconnect(dispatch_uid="responsibilities.lookup_index")
    print(f"one-cell write: {with_index:.1f} ms with the index kept current, "
          f"{median_write():.1f} ms without (median of {count}; findings receiver off)")


if __name__ == "__main__":
    main()
