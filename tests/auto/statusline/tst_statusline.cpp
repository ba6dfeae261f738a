// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// StatusLine: plain text whatever a server says, said again in the new language when the
// language changes, cleared for good by clear().

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/translations.h>
#include <statusline.h>

// Qt
#include <QApplication>
#include <QTest>

using namespace WeChatLogin;

class tst_StatusLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { loadTranslations(QLocale(QLocale::English)); }
    void plainText();
    void saidAgainInTheNewLanguage();
    void clearedStaysClear();
};

void tst_StatusLine::plainText()
{
    StatusLine line;
    QCOMPARE(line.textFormat(), Qt::PlainText);
    line.say([] { return QStringLiteral("<b>server</b><img src=x>"); });
    QCOMPARE(line.text(), QStringLiteral("<b>server</b><img src=x>"));
}

void tst_StatusLine::saidAgainInTheNewLanguage()
{
    loadTranslations(QLocale(QLocale::English));
    StatusLine line;
    const AuthError error(AuthError::Kind::Network, QStringLiteral("connection refused"));
    line.sayError(error);
    const QString english = line.text();
    QVERIFY(!english.isEmpty());
    loadTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QTRY_VERIFY(line.text() != english);
    QCOMPARE(line.text(), error.userMessage());   // the Chinese sentence, from the same error
    QVERIFY(line.text().contains(QChar(0x7F51))); // 网 (network)
}

void tst_StatusLine::clearedStaysClear()
{
    StatusLine line;
    line.say([] { return QStringLiteral("something"); });
    line.clear();
    QCOMPARE(line.text(), QString());
    loadTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QCoreApplication::processEvents();
    QCOMPARE(line.text(), QString());
}

QTEST_MAIN(tst_StatusLine)
#include "tst_statusline.moc"
