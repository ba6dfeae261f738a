// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QTest>

using namespace WeChatLogin;

class tst_Translations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chineseThenEnglishAtRunTime()
    {
        const AuthError expired(AuthError::Kind::FlowExpired,
                                QStringLiteral("invalid flow state, flow state has expired"));
        QCOMPARE(loadTranslations(QLocale(QLocale::Chinese, QLocale::China)),
                 QStringLiteral("zh_CN"));
        QCOMPARE(expired.userMessage(), QStringLiteral("二维码已过期，请重新扫码。"));
        QCOMPARE(AuthError(AuthError::Kind::Network, QString()).userMessage(),
                 QStringLiteral("无法连接登录服务器，请检查网络连接后重试。"));
        const AuthError config = AuthConfig(QUrl(QStringLiteral("http://example.com")),
                                            QStringLiteral("sb_publishable_x"))
                                     .validate();
        QCOMPARE(config.userMessage(),
                 QStringLiteral(
                     "登录设置有误：项目 URL 必须使用 https://（仅本机回环地址允许使用 http）"));
        // Traditional Chinese locales get Simplified Chinese too
        QCOMPARE(loadTranslations(QLocale(QLocale::Chinese, QLocale::Taiwan)),
                 QStringLiteral("zh_CN"));
        QCOMPARE(loadTranslations(QLocale(QLocale::English, QLocale::UnitedKingdom)),
                 QStringLiteral("en"));
        QCOMPARE(expired.userMessage(),
                 QStringLiteral("The QR code has expired. Please scan the new code."));
        QCOMPARE(loadTranslations(QLocale(QLocale::German)), QStringLiteral("en"));
        QCOMPARE(loadTranslations(QLocale(QLocale::Chinese)), QStringLiteral("zh_CN"));
        QCOMPARE(expired.userMessage(), QStringLiteral("二维码已过期，请重新扫码。"));
    }
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
