#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# The committed .ts files must match the sources exactly and be complete: runs lupdate on
# copies and fails on any new, vanished, unfinished or untranslated entry.
#   check_translations.py <lupdate> <translations dir> <source dir>...
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

lupdate, ts_dir, *source_dirs = sys.argv[1:]
sources = sorted(str(p) for d in source_dirs for p in Path(d).rglob('*') if p.suffix in ('.cpp', '.h'))
problems = []

def messages(path):
    root = ET.parse(path).getroot()
    return {(c.find('name').text, m.find('source').text): m.find('translation')
            for c in root.iter('context') for m in c.iter('message')}

with tempfile.TemporaryDirectory() as tmp:
    for ts in sorted(Path(ts_dir).glob('wechatlogin_*.ts')):
        copy = Path(tmp) / ts.name
        shutil.copy(ts, copy)
        subprocess.run([lupdate, '-silent', '-no-obsolete', '-locations', 'none', *sources, '-ts', str(copy)], check=True)
        before, after = messages(ts), messages(copy)
        for key in sorted(set(after) - set(before)):
            problems.append(f'{ts.name}: new string not in the file yet: {key[0]} "{key[1]}"')
        for key in sorted(set(before) - set(after)):
            problems.append(f'{ts.name}: string no longer in the sources: {key[0]} "{key[1]}"')
        for key, translation in before.items():
            # A plural entry's texts are its numerus forms.
            forms = [f.text or '' for f in translation.findall('numerusform')] or [translation.text or '']
            if translation.get('type') in ('unfinished', 'vanished', 'obsolete') or not all(f.strip() for f in forms):
                problems.append(f'{ts.name}: {translation.get("type") or "empty"} translation of "{key[1]}"')
            elif any(key[1].count(p) != f.count(p) for f in forms for p in ('%1', '%2', '%n')):
                problems.append(f'{ts.name}: placeholders differ in "{key[1]}"')
        print(f'{ts.name}: {len(before)} strings checked against {len(sources)} source files')

for p in problems:
    print(p)
if problems:
    print('Fix: cmake --build build --target update_translations, translate, then python3 translations/fill_translations.py')
sys.exit(1 if problems else 0)
