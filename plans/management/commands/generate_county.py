"""``manage.py generate_county [--departments 30] [--cards 12] [--years 3] [--seed 1]``: a
synthetic county (가람군 by default, beside the demo's 음성군) with a published work plan per
department and year, for benchmarks and tests at county scale. The same options and seed give
the same county; an existing county is refused unless ``--replace`` is given."""

from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.synthetic import (
    CountyExists,
    CountySpec,
    NotGenerated,
    county_digest,
    generate_county,
)


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "측정·시험용 가상 군(여러 과, 여러 해의 게시된 업무계획)을 만듭니다. "
        "같은 옵션과 --seed는 같은 자료를 만듭니다."
    )

    def add_arguments(self, parser):
        defaults = CountySpec()
        parser.add_argument("--name", default=defaults.name, help="기관명 (기본: 가람군)")
        parser.add_argument(
            "--departments", type=positive, default=defaults.departments, help="과 수"
        )
        parser.add_argument("--cards", type=positive, default=defaults.cards, help="계획당 과제 수")
        parser.add_argument("--years", type=positive, default=defaults.years, help="연도 수")
        parser.add_argument(
            "--year", type=int, default=defaults.year, help="마지막 연도 (기본: 2024)"
        )
        parser.add_argument("--seed", type=int, default=defaults.seed, help="난수 씨앗")
        parser.add_argument(
            "--session-number",
            type=positive,
            default=defaults.session_number,
            help="첫 해 의회 회기의 회차 (해마다 10씩 늘어남)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="같은 이름의 기관이 있으면 지우고 다시 만듦"
        )
        parser.add_argument(
            "--digest", action="store_true", help="만든 자료의 지문(SHA-256)을 출력"
        )

    def handle(self, *args, verbosity: int = 1, **options):
        spec = CountySpec(
            name=options["name"],
            departments=options["departments"],
            cards=options["cards"],
            years=options["years"],
            year=options["year"],
            seed=options["seed"],
            session_number=options["session_number"],
        )
        try:
            result = generate_county(spec, replace=options["replace"])
        except CountyExists as error:
            raise CommandError(
                f"{error}이(가) 이미 있습니다. 지우고 다시 만들려면 --replace를 붙이십시오."
            ) from error
        except NotGenerated as error:
            raise CommandError(
                f"{error}의 자료는 이 명령이 만든 것이 아니어서(다른 게시본이 있음) 지우지 "
                "않습니다. 다른 --name을 쓰십시오."
            ) from error
        except ValidationError as error:
            details = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"가상 군 자료가 검증을 통과하지 못했습니다.\n{details}") from error
        if verbosity:
            self.stdout.write(result.summary())
            years = spec.plan_years
            self.stdout.write(
                f"{years[0]}~{years[-1]}년, 게시본 {result.published_versions:,}건. "
                f"예: {unquote(result.plans[-1].get_absolute_url())}"
            )
        if options["digest"]:
            self.stdout.write(county_digest(result.organization))
