#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Fills wechatlogin_en.ts with identity translations and checks that both files are
# complete: no unfinished, vanished or obsolete entries. Run after `update_translations`:
#   python3 translations/fill_translations.py [--check]
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

here = Path(__file__).resolve().parent
check_only = '--check' in sys.argv
problems = []

def load(name):
    tree = ET.parse(here / name)
    return tree, tree.getroot()

def save(tree, name):
    text = ET.tostring(tree.getroot(), encoding='unicode')
    (here / name).write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + text + '\n', encoding='utf-8')

# English: the source strings are English, so each translation is its source, except the
# markers through which a translation names something about itself (as Qt's
# QT_LAYOUT_DIRECTION does): LoginWidget asks WeChat for the page language they name.
MARKERS = {'WECHAT_PAGE_LANG': 'en'}
tree, root = load('wechatlogin_en.ts')
changed = False
def texts(translation):
    """A translation's text, or its plural forms' texts."""
    forms = translation.findall('numerusform')
    return [f.text or '' for f in forms] if forms else [translation.text or '']

for message in root.iter('message'):
    source = message.find('source').text or ''
    translation = message.find('translation')
    if message.get('numerus') == 'yes':
        # English plurals: "minute(s)" -> "minute" / "minutes".
        wanted = [source.replace('(s)', ''), source.replace('(s)', 's')]
        if translation.get('type') in ('vanished', 'obsolete'):
            problems.append(f'wechatlogin_en.ts: obsolete entry "{source}"')
        elif translation.get('type') == 'unfinished' or texts(translation) != wanted:
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for text in wanted:
                ET.SubElement(translation, 'numerusform').text = text
            translation.attrib.pop('type', None)
            changed = True
        continue
    wanted = MARKERS.get(source, source)
    if translation.get('type') in ('unfinished', 'vanished', 'obsolete') or translation.text != wanted:
        if translation.get('type') in ('vanished', 'obsolete'):
            problems.append(f'wechatlogin_en.ts: obsolete entry "{source}"')
            continue
        translation.text = wanted
        translation.attrib.pop('type', None)
        changed = True
if changed and not check_only:
    save(tree, 'wechatlogin_en.ts')
elif changed:
    problems.append('wechatlogin_en.ts: untranslated entries (run without --check)')

# Simplified Chinese: translated by people; only checked here.
tree, root = load('wechatlogin_zh_CN.ts')
for message in root.iter('message'):
    source = message.find('source').text or ''
    translation = message.find('translation')
    forms = texts(translation)
    if translation.get('type') in ('unfinished', 'vanished', 'obsolete') or not all(f.strip() for f in forms):
        problems.append(f'wechatlogin_zh_CN.ts: {translation.get("type") or "empty"} entry "{source}"')
    elif any(source.count(p) != f.count(p) for f in forms for p in ('%1', '%2', '%n')):
        problems.append(f'wechatlogin_zh_CN.ts: placeholders differ for "{source}"')

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
