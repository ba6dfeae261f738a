// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_TERMINALQR_H
#define WECHATLOGIN_APP_TERMINALQR_H

// Qt
#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace WeChatLogin {

/*
 * A QR code drawn with a terminal's characters, made to scan whatever the terminal's
 * colours: every module's colour is set explicitly (black on white from the 256-colour
 * palette's fixed cube, which themes do not remap), with a quiet zone of 4 modules where
 * the terminal has room and never fewer than 2, and never drawn clipped: a terminal too
 * small gets a sentence saying how big it must be.
 *
 * Styles: HalfBlocks (the default: two modules per cell, ▀ ▄ █, the smallest that scans),
 * Blocks (two cells per module, coloured spaces: for fonts whose block glyphs leave
 * gaps), Ascii ("##" per dark module, no colour, no UTF-8: for terminals that have
 * neither; it needs dark text on a light background to scan as drawn).
 */
class TerminalQr
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::TerminalQr)
public:
    enum class Style { HalfBlocks, Blocks, Ascii };

    // The modules of text's QR code (libqrencode, error correction M); nothing if it
    // cannot be encoded (too long).
    static std::optional<TerminalQr> encode(const QByteArray &text);
    // "half", "blocks", "ascii" (inline: the verbs check a name without libqrencode).
    static std::optional<Style> styleNamed(const QString &name)
    {
        const qsizetype i = styleNames().indexOf(name);
        return i < 0 ? std::nullopt : std::optional<Style>(Style(i));
    }
    static QStringList styleNames()
    {
        return {QStringLiteral("half"), QStringLiteral("blocks"), QStringLiteral("ascii")};
    }

    int modules() const { return m_size; }
    bool isDark(int x, int y) const;

    // The cells the drawing takes with a quiet zone of `quiet` modules.
    static int columnsFor(Style style, int modules, int quiet);
    static int rowsFor(Style style, int modules, int quiet);

    // The lines to print (each ends with the colours reset), with the widest quiet zone
    // from 4 down to 2 that fits columns x rows; empty, with why (one sentence, the size
    // it needs), if even 2 does not fit.
    QStringList render(Style style, int columns, int rows, QString *why) const;

private:
    TerminalQr() = default;
    QString line(Style style, int y, int quiet) const;

    int m_size = 0;
    QByteArray m_modules; // m_size * m_size, 1 = dark
};

} // namespace WeChatLogin

#endif
