import pycountry, gettext
zh = gettext.translation('iso3166-1', pycountry.LOCALES_DIR, languages=['zh_CN'])
extra_en = {
 'US': ['USA', 'United States of America', 'America'], 'GB': ['UK', 'Britain', 'Great Britain', 'England'],
 'RU': ['Russia'], 'CZ': ['Czech Republic'], 'TR': ['Turkey'], 'CI': ['Ivory Coast'],
 'AE': ['UAE'], 'KR': ['Korea', 'Republic of Korea'], 'MO': ['Macau'], 'NL': ['Holland'],
 'MD': ['Moldova'], 'CD': ['DR Congo', 'Democratic Republic of the Congo', 'DRC'], 'CG': ['Republic of the Congo'],
 'MK': ['Macedonia'], 'SZ': ['Swaziland'], 'CV': ['Cape Verde'], 'MM': ['Burma'], 'PS': ['Palestine'],
 'FM': ['Micronesia'], 'VA': ['Vatican', 'Holy See'], 'BN': ['Brunei'],
}
extra_zh = {
 'KR': ['韩国'], 'KP': ['朝鲜'], 'LA': ['老挝'], 'SY': ['叙利亚'], 'BO': ['玻利维亚'], 'IR': ['伊朗'],
 'VE': ['委内瑞拉'], 'TW': ['台湾', '中国台湾'], 'HK': ['中国香港'], 'MO': ['中国澳门'], 'TZ': ['坦桑尼亚联合共和国'],
 'CZ': ['捷克共和国'], 'AE': ['阿联酋'], 'RU': ['俄罗斯联邦'], 'US': ['美利坚合众国'], 'GB': ['联合王国'],
 'MD': ['摩尔多瓦'], 'CD': ['刚果民主共和国', '刚果（金）'], 'CG': ['刚果（布）'], 'VN': ['越南社会主义共和国'],
 'BN': ['文莱'],
}
rows = []
for c in pycountry.countries:
    en = [c.name]
    for a in ('common_name', 'official_name'):
        v = getattr(c, a, None)
        if v and v not in en: en.append(v)
    en += [e for e in extra_en.get(c.alpha_2, []) if e not in en]
    zhs = []
    for n in [c.name] + [getattr(c, 'official_name', None)]:
        if n:
            t = zh.gettext(n)
            if t != n and t not in zhs: zhs.append(t)
    zhs += [z for z in extra_zh.get(c.alpha_2, []) if z not in zhs]
    # The short common name is what people type; list it first for display.
    if getattr(c, 'common_name', None):
        en.remove(c.common_name); en.insert(0, c.common_name)
    rows.append('\t'.join([c.alpha_2, c.alpha_3, '|'.join(en), '|'.join(zhs)]))
print('# ISO 3166-1: alpha-2, alpha-3, English names (first = display), Chinese names. Generated from the iso-codes data (pycountry), with common aliases added.')
print('\n'.join(rows))
