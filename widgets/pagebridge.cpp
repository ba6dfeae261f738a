// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "pagebridge_p.h"

// Qt
#include <QColor>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPalette>
#include <QRandomGenerator>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineScriptCollection>

namespace WeChatLogin {

namespace {

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

// A JavaScript string literal's content (without the quotes).
QString jsString(const QString &text)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QWebEngineScript script(const QString &name, const QString &source,
                        QWebEngineScript::InjectionPoint point)
{
    QWebEngineScript s;
    s.setName(name);
    s.setSourceCode(source);
    s.setInjectionPoint(point);
    s.setWorldId(QWebEngineScript::ApplicationWorld); // the page cannot see or change it
    s.setRunsOnSubFrames(false);
    return s;
}

} // namespace

PageBridge::PageBridge(QObject *parent)
    : QObject(parent)
{}

void PageBridge::install(QWebEnginePage *page, const QPalette &palette)
{
    m_nonce = QString::number(QRandomGenerator::system()->generate64(), 36);
    writeScripts(page, palette);
}

void PageBridge::setPalette(QWebEnginePage *page, const QPalette &palette)
{
    if (m_nonce.isEmpty())
        return;
    writeScripts(page, palette); // the next document's colours, with the same nonce
    // This document's: the variables the style sheet reads, in our world; a page that is
    // not the fitted QR page has no "wechatlogin" class and is left alone.
    page->runJavaScript(
        QStringLiteral("(function () { var r = document.documentElement;"
                       " if (!r || !r.classList.contains('wechatlogin')) return;"
                       " r.style.setProperty('--wl-bg', %1);"
                       " r.style.setProperty('--wl-fg', %2); })()")
            .arg(jsString(palette.color(QPalette::Window).name(QColor::HexRgb)),
                 jsString(palette.color(QPalette::WindowText).name(QColor::HexRgb))),
        QWebEngineScript::ApplicationWorld);
}

void PageBridge::writeScripts(QWebEnginePage *page, const QPalette &palette)
{
    QString qrPage = readResource(QStringLiteral(":/wechatlogin/widgets/qrpage.js"));
    qrPage.replace(QLatin1String("@NONCE@"), m_nonce);
    qrPage.replace(QLatin1String("@CSS@"),
                   jsString(readResource(QStringLiteral(":/wechatlogin/widgets/qrpage.css"))));
    qrPage.replace(QLatin1String("@BG@"), palette.color(QPalette::Window).name(QColor::HexRgb));
    qrPage.replace(QLatin1String("@FG@"), palette.color(QPalette::WindowText).name(QColor::HexRgb));
    QString clicks = readResource(QStringLiteral(":/wechatlogin/widgets/clicks.js"));
    clicks.replace(QLatin1String("@NONCE@"), m_nonce);

    QWebEngineScriptCollection &scripts = page->scripts();
    for (const QWebEngineScript &s :
         {script(QStringLiteral("wechatlogin-qrpage"), qrPage, QWebEngineScript::DocumentReady),
          script(QStringLiteral("wechatlogin-clicks"), clicks,
                 QWebEngineScript::DocumentCreation)}) {
        for (const QWebEngineScript &old : scripts.find(s.name()))
            scripts.remove(old);
        scripts.insert(s);
    }
}

bool PageBridge::read(const QString &message)
{
    const QString prefix = QStringLiteral("wechatlogin:") + m_nonce + u':';
    if (m_nonce.isEmpty() || !message.startsWith(prefix))
        return false;
    const QString report = message.mid(prefix.size());
    const QString kind = report.section(u':', 0, 0);
    const QString detail = report.section(u':', 1);
    if (kind == QLatin1String("qr")) {
        Q_EMIT qrShown();
    } else if (kind == QLatin1String("status")) {
        if (detail == QLatin1String("scanned"))
            Q_EMIT phoneStatusChanged(PhoneStatus::Scanned);
        else if (detail == QLatin1String("cancelled"))
            Q_EMIT phoneStatusChanged(PhoneStatus::Cancelled);
        else if (detail == QLatin1String("waiting"))
            Q_EMIT phoneStatusChanged(PhoneStatus::Waiting);
    } else if (kind == QLatin1String("wechat-error")) {
        Q_EMIT weChatError(detail);
    } else if (kind == QLatin1String("qr-error")) {
        Q_EMIT qrImageFailed();
    } else if (kind == QLatin1String("other")) {
        Q_EMIT notQrPage(detail);
    } else if (kind == QLatin1String("click")) {
        const QUrl url(detail, QUrl::StrictMode);
        if (url.isValid())
            Q_EMIT linkClicked(url);
    }
    return true;
}

} // namespace WeChatLogin
