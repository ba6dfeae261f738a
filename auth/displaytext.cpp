// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "displaytext_p.h"

namespace WeChatLogin::Internal {

namespace {

constexpr char32_t ZeroWidthJoiner = 0x200D;

// What a terminal or a label would act on instead of showing: dropped, or a space.
enum class Fate { Keep, Space, Drop };

Fate fateOf(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control: // C0, DEL, C1 (ESC, CSI, CR, BEL, ...)
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return Fate::Space;
    case QChar::Other_Format: // bidi embeddings, overrides, isolates, marks; zero widths
        return c == ZeroWidthJoiner ? Fate::Keep : Fate::Drop;
    case QChar::Other_Surrogate:   // half a character
    case QChar::Other_NotAssigned: // includes non-characters such as U+FFFF
    case QChar::Other_PrivateUse:
        return Fate::Drop;
    default:
        return Fate::Keep;
    }
}

// The index just past a terminal escape sequence that starts at i (text[i] is ESC or a C1
// introducer): CSI "ESC [ params final", OSC "ESC ] ... BEL|ST", or ESC and one character.
// What it would have done is not shown as text either ("[2J" is no name).
qsizetype skipEscape(const QString &text, qsizetype i)
{
    const char16_t first = text.at(i).unicode();
    qsizetype j = i + 1;
    char16_t kind = first;
    if (first == 0x1B) {
        if (j >= text.size())
            return j;
        kind = text.at(j).unicode();
        ++j;
        if (kind != u'[' && kind != u']')
            return j; // ESC and one character (ESC c, ESC 7, ...)
    }
    if (kind == u'[' || kind == 0x9B) { // CSI: parameters and intermediates, then a final
        while (j < text.size() && text.at(j).unicode() >= 0x20 && text.at(j).unicode() <= 0x3F)
            ++j;
        while (j < text.size() && text.at(j).unicode() >= 0x20 && text.at(j).unicode() <= 0x2F)
            ++j;
        if (j < text.size() && text.at(j).unicode() >= 0x40 && text.at(j).unicode() <= 0x7E)
            ++j;
        return j;
    }
    if (kind == u']' || kind == 0x9D) { // OSC: up to BEL, ST or ESC backslash
        while (j < text.size()) {
            const char16_t c = text.at(j).unicode();
            ++j;
            if (c == 0x07 || c == 0x9C)
                return j;
            if (c == 0x1B) {
                if (j < text.size() && text.at(j) == u'\\')
                    ++j;
                return j;
            }
        }
        return j;
    }
    return i + 1; // another C1 control: itself only
}

} // namespace

QString displayText(const QString &text, int maxChars)
{
    QString out;
    out.reserve(qMin(text.size(), maxChars * 2 + 1));
    int chars = 0; // characters (code points) in out
    bool truncated = false;
    bool pendingSpace = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (c == 0x1B || c == 0x9B || c == 0x9D) {
            i = skipEscape(text, i) - 1;
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        const Fate fate = fateOf(c);
        if (fate == Fate::Drop)
            continue;
        if (fate == Fate::Space || QChar::isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (chars + (pendingSpace ? 1 : 0) >= maxChars) {
            truncated = true;
            break;
        }
        if (pendingSpace) {
            out += u' ';
            ++chars;
            pendingSpace = false;
        }
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(c);
        }
        ++chars;
    }
    if (truncated)
        out += QChar(0x2026); // …
    return out;
}

} // namespace WeChatLogin::Internal
