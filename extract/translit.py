"""Chinese transliterated personal names: a country name inside one is not a mention.

Foreign personal names are written in Chinese with a small set of phonetic characters
(the Xinhua transliteration table), and short country names are written with the same
characters: 特斯法马里亚姆 holds 马里 (Mali), 阿卜杜拉希 holds 杜拉 … A country name
standing in running text is bounded by ordinary words (在马里, 马里政府, 马里、尼日尔);
one inside a personal name has a phonetic character on both sides. That is the guard:
no list of names, only the characters names are spelled with.
"""

from __future__ import annotations

# Characters of the Xinhua transliteration table that seldom start or end an ordinary
# word next to a country name. Left out on purpose: characters that are also common
# words or affixes beside a country name (和 与 及 的 在 国 人 军 民 政 府 方 境 内 …).
PHONETIC = frozenset(
    "阿埃艾安昂奥巴拜班邦保鲍贝本比彼毕别宾波伯博布查达戴丹德迪蒂丁杜多厄恩法菲费芬丰弗"
    "富盖甘冈高戈格贡古瓜圭哈海汉豪赫亨胡霍吉基加贾杰金卡凯坎康考柯科克肯库夸奎昆拉莱兰"
    "朗劳勒雷蕾里利莉林琳留卢鲁罗洛马玛迈麦曼梅蒙米敏莫默姆穆纳娜奈南瑙内妮尼努诺帕派潘"
    "佩彭皮珀普奇齐恰乔切钦琼丘萨塞桑瑟森沙莎舍什施斯松苏索塔泰坦汤特提廷图托瓦威韦维温"
    "沃乌伍西希锡夏谢辛休雅亚扬耶伊因尤约泽扎詹兹卜"
)


SHORT = 3  # longer country names (阿尔及利亚) are not found inside personal names


def in_personal_name(text: str, start: int, end: int) -> bool:
    """Is text[start:end] (a short country name) spelled inside a longer transliterated
    name, with a phonetic character right before and right after it?"""
    return (
        end - start <= SHORT
        and start > 0
        and end < len(text)
        and text[start - 1] in PHONETIC
        and text[end] in PHONETIC
    )
