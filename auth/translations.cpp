// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "translations.h"
#include "authlogging.h"
#include "translations_p.h"

// Qt
#include <QCoreApplication>
#include <QPointer>
#include <QTranslator>

namespace WeChatLogin {

namespace {
QString g_installed; // the language of the translator installed last
}

QString installedTranslation()
{
    return g_installed;
}

QString loadTranslations(const QLocale &locale)
{
    static QPointer<QTranslator> installed;
    auto *app = QCoreApplication::instance();
    if (!app) {
        qCWarning(lcAuth, "loadTranslations() needs a QCoreApplication");
        return {};
    }
    QString language =
        locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    auto translator = std::make_unique<QTranslator>(app);
    if (!translator->load(QStringLiteral(":/i18n/wechatlogin_") + language)) {
        qCWarning(lcAuth, "the %s translation is missing from the library", qPrintable(language));
        return {};
    }
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
    }
    g_installed = language; // before the LanguageChange that installing sends
    QCoreApplication::installTranslator(translator.get());
    installed = translator.release(); // owned by the application
    return language;
}

} // namespace WeChatLogin
