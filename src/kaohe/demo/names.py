"""Plausible Chinese names, weighted roughly like the population's most common surnames."""

import random

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾"
    "彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志文博彬东晨振海毅"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲燕红梅琳婷雪倩颖慧莉萍晶洁佳琪欣悦璐瑶蕾岚薇宁雯晓丹"
NEUTRAL_CHARS = "子一思嘉安永春明晓天海新立家文红小云雨清泽"


def person_name(rng: random.Random, gender: str) -> str:
    pool = MALE_CHARS if gender == "M" else FEMALE_CHARS
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    return surname + rng.choice(NEUTRAL_CHARS + pool) + rng.choice(pool)


def phone_number(rng: random.Random) -> str:
    return rng.choice(("138", "139", "136", "137", "150", "151", "158", "186", "187", "189")) + (
        f"{rng.randrange(10**8):08d}"
    )
