// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "terminalqr.h"

#include <qrencode.h>

#include <memory>

namespace WeChatLogin {

namespace {
// The 256-colour palette's cube: fixed values, not the theme's "black" and "white".
const QString Ink = QStringLiteral("\x1b[38;5;16;48;5;231m"); // black on white
const QString Dark = QStringLiteral("\x1b[48;5;16m");
const QString Light = QStringLiteral("\x1b[48;5;231m");
const QString Reset = QStringLiteral("\x1b[0m");
constexpr int WidestQuiet = 4;
constexpr int NarrowestQuiet = 2;
} // namespace

std::optional<TerminalQr> TerminalQr::encode(const QByteArray &text)
{
    const std::unique_ptr<QRcode, void (*)(QRcode *)> code(
        QRcode_encodeData(int(text.size()), reinterpret_cast<const unsigned char *>(text.data()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return std::nullopt;
    TerminalQr qr;
    qr.m_size = code->width;
    qr.m_modules.resize(qsizetype(code->width) * code->width);
    for (int i = 0; i < qr.m_modules.size(); ++i)
        qr.m_modules[i] = char(code->data[i] & 1);
    return qr;
}

bool TerminalQr::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false; // the quiet zone
    return m_modules.at(qsizetype(y) * m_size + x) != 0;
}

int TerminalQr::columnsFor(Style style, int modules, int quiet)
{
    const int span = modules + 2 * quiet;
    return style == Style::HalfBlocks ? span : 2 * span;
}

int TerminalQr::rowsFor(Style style, int modules, int quiet)
{
    const int span = modules + 2 * quiet;
    return style == Style::HalfBlocks ? (span + 1) / 2 : span;
}

QString TerminalQr::line(Style style, int y, int quiet) const
{
    const int first = -quiet, last = m_size + quiet; // modules, quiet zone included
    QString out;
    switch (style) {
    case Style::HalfBlocks: {
        out += Ink;
        for (int x = first; x < last; ++x) {
            const bool top = isDark(x, y), bottom = y + 1 < last && isDark(x, y + 1);
            out += top && bottom ? QChar(0x2588) // █
                   : top         ? QChar(0x2580) // ▀
                   : bottom      ? QChar(0x2584) // ▄
                                 : QChar(u' ');
        }
        out += Reset;
        break;
    }
    case Style::Blocks: {
        bool wasDark = false;
        for (int x = first; x < last; ++x) {
            const bool dark = isDark(x, y);
            if (x == first || dark != wasDark)
                out += dark ? Dark : Light;
            out += QStringLiteral("  ");
            wasDark = dark;
        }
        out += Reset;
        break;
    }
    case Style::Ascii:
        for (int x = first; x < last; ++x)
            out += isDark(x, y) ? QStringLiteral("##") : QStringLiteral("  ");
        break;
    }
    return out;
}

QStringList TerminalQr::render(Style style, int columns, int rows, QString *why) const
{
    for (int quiet = WidestQuiet; quiet >= NarrowestQuiet; --quiet) {
        if (columnsFor(style, m_size, quiet) > columns || rowsFor(style, m_size, quiet) > rows)
            continue;
        QStringList lines;
        const int step = style == Style::HalfBlocks ? 2 : 1;
        for (int y = -quiet; y < m_size + quiet; y += step)
            lines << line(style, y, quiet);
        return lines;
    }
    if (why) {
        *why = tr("The terminal is too small for the QR code: it needs at least %1 columns "
                  "and %2 rows, and has %3 x %4. Enlarge the window (or make the font "
                  "smaller).")
                   .arg(columnsFor(style, m_size, NarrowestQuiet))
                   .arg(rowsFor(style, m_size, NarrowestQuiet))
                   .arg(columns)
                   .arg(rows);
    }
    return {};
}

} // namespace WeChatLogin
