// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// TerminalScreen's measures of text (what fits on a line of cells), and that without a
// terminal it takes nothing over. Drawing on a real terminal is tst_appterminal's (tmux).

#include "terminalscreen.h" // app/signin/

// Qt
#include <QTest>

#include <unistd.h>

using namespace WeChatLogin;

class tst_TerminalScreen : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void displayWidth_data();
    void displayWidth();
    void wrapFitsEveryLine_data();
    void wrapFitsEveryLine();
    void withoutATerminalNothingIsTaken();
};

void tst_TerminalScreen::displayWidth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cells");
    QTest::newRow("ascii") << QStringLiteral("Ctrl-C cancels.") << 15;
    QTest::newRow("chinese: two cells each") << QStringLiteral("等待扫码") << 8;
    QTest::newRow("full-width punctuation") << QStringLiteral("已登录：小微。") << 14;
    QTest::newRow("mixed") << QStringLiteral("按 Ctrl-C 取消。") << 16;
    QTest::newRow("escape sequences' control bytes take none") << QStringLiteral("\x1b") << 0;
    QTest::newRow("ellipsis") << QStringLiteral("…") << 1;
}

void tst_TerminalScreen::displayWidth()
{
    QFETCH(QString, text);
    QFETCH(int, cells);
    QCOMPARE(TerminalScreen::displayWidth(text), cells);
}

void tst_TerminalScreen::wrapFitsEveryLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("columns");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("fits") << QStringLiteral("Scanned.") << 20
                          << QStringList{QStringLiteral("Scanned.")};
    QTest::newRow("at spaces") << QStringLiteral("Waiting for a scan: open WeChat") << 12
                               << QStringList{QStringLiteral("Waiting for"),
                                              QStringLiteral("a scan: open"),
                                              QStringLiteral("WeChat")};
    QTest::newRow("a word longer than the line is cut")
        << QStringLiteral("http://127.0.0.1:1/connect") << 10
        << QStringList{QStringLiteral("http://127"), QStringLiteral(".0.0.1:1/c"),
                       QStringLiteral("onnect")};
    QTest::newRow("chinese, no spaces")
        << QStringLiteral("等待扫码：请打开手机微信") << 10
        << QStringList{QStringLiteral("等待扫码："), QStringLiteral("请打开手机"),
                       QStringLiteral("微信")};
    QTest::newRow("a wide character never split over the edge")
        << QStringLiteral("ab等待") << 5
        << QStringList{QStringLiteral("ab等"), QStringLiteral("待")};
    QTest::newRow("empty") << QString() << 10 << QStringList{QString()};
}

void tst_TerminalScreen::wrapFitsEveryLine()
{
    QFETCH(QString, text);
    QFETCH(int, columns);
    QFETCH(QStringList, lines);
    const QStringList wrapped = TerminalScreen::wrap(text, columns);
    QCOMPARE(wrapped, lines);
    for (const QString &line : wrapped)
        QVERIFY(TerminalScreen::displayWidth(line) <= columns);
}

void tst_TerminalScreen::withoutATerminalNothingIsTaken()
{
    if (::isatty(STDOUT_FILENO))
        QSKIP("standard output is a terminal here (run by hand): ctest gives it a pipe");
    TerminalScreen screen;
    QVERIFY(!screen.enter());
    QVERIFY(!screen.isEntered());
    screen.draw({QStringLiteral("nothing")}); // not drawn: nothing was taken
    QCOMPARE(screen.size(), QSize(80, 24));   // what cannot be told
}

QTEST_GUILESS_MAIN(tst_TerminalScreen)
#include "tst_terminalscreen.moc"
