// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// displayText(), what every server string shown as text goes through: no terminal
// escapes, no control or bidi-override characters, one line, a bounded length, never cut
// inside a character.

#include <displaytext_p.h>

// Qt
#include <QTest>

using WeChatLogin::Internal::displayText;

class tst_DisplayText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleaned_data();
    void cleaned();
    void boundedWithoutSplittingACharacter();
};

void tst_DisplayText::cleaned_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("a Chinese name")
        << QStringLiteral("微信用户 小明") << QStringLiteral("微信用户 小明");
    QTest::newRow("emoji with a joiner")
        << QStringLiteral("👨\u200D👩\u200D👧 家") << QStringLiteral("👨\u200D👩\u200D👧 家");
    QTest::newRow("CSI clears the screen")
        << QStringLiteral("a\x1b[2Jb\x1b[1;31mc") << QStringLiteral("a b c");
    QTest::newRow("OSC sets the title (BEL)")
        << QStringLiteral("\x1b]0;owned\x07name") << QStringLiteral("name");
    QTest::newRow("OSC 8 hyperlink (ST)")
        << QStringLiteral("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\")
        << QStringLiteral("click");
    QTest::newRow("C1 CSI") << QStringLiteral("a\u009B2Jb") << QStringLiteral("a b");
    QTest::newRow("lone ESC at the end") << QStringLiteral("a\x1b") << QStringLiteral("a");
    QTest::newRow("right-to-left override")
        << QStringLiteral("invoice\u202Efdp.exe") << QStringLiteral("invoicefdp.exe");
    QTest::newRow("isolates, marks, zero width")
        << QStringLiteral("\u2066a\u2069\u200Eb\u200Bc\uFEFF") << QStringLiteral("abc");
    QTest::newRow("line breaks and tabs") << QStringLiteral(" one\r\ntwo\tthree\u2028four \n")
                                          << QStringLiteral("one two three four");
    QTest::newRow("backspaces and bells")
        << QStringLiteral("ab\b\bcd\a") << QStringLiteral("ab cd");
    QTest::newRow("a broken surrogate")
        << (QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b")) << QStringLiteral("ab");
    QTest::newRow("private use and non-characters")
        << QStringLiteral("a\uE000b\uFFFFc") << QStringLiteral("abc");
    QTest::newRow("nothing but controls") << QStringLiteral("\x1b[2J\r\n\u202E") << QString();
}

void tst_DisplayText::cleaned()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(displayText(in), out);
}

void tst_DisplayText::boundedWithoutSplittingACharacter()
{
    QCOMPARE(displayText(QString(500, u'x'), 64), QString(64, u'x') + QChar(0x2026));
    QCOMPARE(displayText(QStringLiteral("abc"), 3), QStringLiteral("abc"));
    // 10 emoji (surrogate pairs), cut at 4 characters: 4 whole ones.
    QString emoji;
    for (int i = 0; i < 10; ++i)
        emoji += QStringLiteral("😀");
    const QString cut = displayText(emoji, 4);
    QCOMPARE(cut, QStringLiteral("😀😀😀😀…"));
    // A space at the cut is not kept before the ellipsis.
    QCOMPARE(displayText(QStringLiteral("abcd efgh"), 4), QStringLiteral("abcd…"));
}

QTEST_APPLESS_MAIN(tst_DisplayText)
#include "tst_displaytext.moc"
