// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// TerminalQr: what it prints, read back as a terminal shows it (the cells turned into an
// image, the colours as the escape sequences set them) and decoded with ZXing: every style
// gives back the exact text; the quiet zone is 4 modules where there is room and 2 where
// it is tight; a terminal too small gets the size it needs and no QR at all.

#include "testqr.h"
#include <terminalqr.h>

// Qt
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QTest>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QByteArray Text = "http://127.0.0.1:40961/connect/confirm?uuid=4BqJm0aTwZ2Xs9Lk";
constexpr int Px = 6; // pixels per module in the image read back

// The screen the lines make: each cell's top and bottom half as dark or light, the colours
// taken from the SGR sequences (the palette's 16 is black, 231 white; Ascii has none:
// its text is dark on a light page).
QImage screen(const QStringList &lines, TerminalQr::Style style, int *quietModules = nullptr)
{
    const bool half = style == TerminalQr::Style::HalfBlocks;
    const int cellsPerModule = half ? 1 : 2;
    static const QRegularExpression sgr(QStringLiteral("^\\x1b\\[([0-9;]*)m"));
    QList<QList<QPair<bool, bool>>> cells; // (top dark, bottom dark) per cell
    for (const QString &line : lines) {
        QList<QPair<bool, bool>> row;
        bool bgDark = false, fgDark = true;
        for (int i = 0; i < line.size();) {
            const auto m = sgr.match(QStringView(line).mid(i));
            if (m.hasMatch()) {
                const QStringList codes = m.captured(1).split(u';');
                for (int k = 0; k + 2 < codes.size(); ++k) {
                    if (codes.at(k) == QLatin1String("48") && codes.at(k + 1) == QLatin1String("5"))
                        bgDark = codes.at(k + 2) == QLatin1String("16");
                    if (codes.at(k) == QLatin1String("38") && codes.at(k + 1) == QLatin1String("5"))
                        fgDark = codes.at(k + 2) == QLatin1String("16");
                }
                i += int(m.capturedLength());
                continue;
            }
            const QChar c = line.at(i++);
            if (style == TerminalQr::Style::Ascii) {
                const bool dark = c == u'#';
                row << qMakePair(dark, dark);
            } else if (c == u' ') {
                row << qMakePair(bgDark, bgDark);
            } else if (c == QChar(0x2588)) {
                row << qMakePair(fgDark, fgDark);
            } else if (c == QChar(0x2580)) {
                row << qMakePair(fgDark, bgDark);
            } else if (c == QChar(0x2584)) {
                row << qMakePair(bgDark, fgDark);
            }
        }
        cells << row;
    }
    const int width = cells.value(0).size() / cellsPerModule;
    const int height = half ? 2 * int(cells.size()) : int(cells.size());
    QImage image(width * Px, height * Px, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    int firstDarkRow = -1;
    for (int y = 0; y < int(cells.size()); ++y) {
        for (int x = 0; x < width; ++x) {
            const auto cell = cells.at(y).value(x * cellsPerModule);
            const int top = half ? 2 * y : y;
            if (cell.first) {
                p.fillRect(x * Px, top * Px, Px, Px, Qt::black);
                if (firstDarkRow < 0)
                    firstDarkRow = top;
            }
            if (half && cell.second) {
                p.fillRect(x * Px, (top + 1) * Px, Px, Px, Qt::black);
                if (firstDarkRow < 0)
                    firstDarkRow = top + 1;
            }
        }
    }
    if (quietModules)
        *quietModules = firstDarkRow;
    return image;
}

} // namespace

class tst_TerminalQr : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyStyleScans_data();
    void everyStyleScans();
    void quietZoneShrinksOnlyToTwo();
    void tooSmallSaysHowBig();
    void styleNames();
};

void tst_TerminalQr::everyStyleScans_data()
{
    QTest::addColumn<TerminalQr::Style>("style");
    QTest::newRow("half blocks") << TerminalQr::Style::HalfBlocks;
    QTest::newRow("blocks") << TerminalQr::Style::Blocks;
    QTest::newRow("ascii") << TerminalQr::Style::Ascii;
}

void tst_TerminalQr::everyStyleScans()
{
    QFETCH(TerminalQr::Style, style);
    const auto qr = TerminalQr::encode(Text);
    QVERIFY(qr);
    QString why;
    const QStringList lines = qr->render(style, 200, 100, &why);
    QVERIFY2(!lines.isEmpty(), qPrintable(why));
    QCOMPARE(lines.size(), TerminalQr::rowsFor(style, qr->modules(), 4));
    if (style != TerminalQr::Style::Ascii) {
        for (const QString &line : lines) // every line sets its colours and resets them
            QVERIFY(line.startsWith(u'\x1b') && line.endsWith(QLatin1String("\x1b[0m")));
    } else {
        for (const QString &line : lines) // nothing but ASCII, no escape sequence
            QVERIFY(std::all_of(line.cbegin(), line.cend(),
                                [](QChar c) { return c == u'#' || c == u' '; }));
    }
    int quiet = 0;
    const QImage image = screen(lines, style, &quiet);
    QCOMPARE(quiet, 4);
    QCOMPARE(decodeQr(image), QString::fromLatin1(Text));
}

void tst_TerminalQr::quietZoneShrinksOnlyToTwo()
{
    const auto qr = TerminalQr::encode(Text);
    QVERIFY(qr);
    const int m = qr->modules();
    const auto style = TerminalQr::Style::HalfBlocks;
    // Room for 3 modules of quiet zone but not 4: 3 it is, and it still scans.
    QStringList lines = qr->render(style, m + 7, 100, nullptr);
    int quiet = 0;
    QCOMPARE(decodeQr(screen(lines, style, &quiet)), QString::fromLatin1(Text));
    QCOMPARE(quiet, 3);
    lines = qr->render(style, m + 4, 100, nullptr);
    QCOMPARE(decodeQr(screen(lines, style, &quiet)), QString::fromLatin1(Text));
    QCOMPARE(quiet, 2);
}

void tst_TerminalQr::tooSmallSaysHowBig()
{
    const auto qr = TerminalQr::encode(Text);
    QVERIFY(qr);
    QString why;
    const int m = qr->modules();
    QVERIFY(qr->render(TerminalQr::Style::HalfBlocks, m + 3, 100, &why).isEmpty());
    QVERIFY2(why.contains(QString::number(m + 4)), qPrintable(why));
    QVERIFY(why.contains(QLatin1String("too small")));
    QVERIFY(qr->render(TerminalQr::Style::Blocks, 200, m + 3, &why).isEmpty());
    QVERIFY2(why.contains(QString::number(m + 4)), qPrintable(why));
}

void tst_TerminalQr::styleNames()
{
    for (const QString &name : TerminalQr::styleNames())
        QVERIFY(TerminalQr::styleNamed(name).has_value());
    QVERIFY(!TerminalQr::styleNamed(QStringLiteral("sixel")).has_value());
    QVERIFY(!TerminalQr::encode(QByteArray(4000, 'x')).has_value()); // too long for a QR
}

QTEST_GUILESS_MAIN(tst_TerminalQr)
#include "tst_terminalqr.moc"
