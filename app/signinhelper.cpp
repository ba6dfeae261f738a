// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinhelper.h"
#include "appconfig.h"
#include "networksettings.h"
#include "verbs.h"
#include "windowplugin.h"

// Qt
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <poll.h>
#include <unistd.h>

namespace WeChatLogin {

namespace {

constexpr int Schema = 1;
constexpr int StdIn = 0;
constexpr int RequestWaitMs = 10000;

QJsonObject configJson(const AuthConfig &c)
{
    QJsonArray hosts;
    for (const QString &host : c.trustedHosts())
        hosts.append(host);
    QJsonArray extra;
    for (const auto &param : c.extraAuthorizeParams())
        extra.append(QJsonArray{param.first, param.second});
    return {{QStringLiteral("project_url"), c.projectUrl().toString()},
            {QStringLiteral("anon_key"), c.anonKey()},
            {QStringLiteral("provider"), c.provider()},
            {QStringLiteral("redirect_url"), c.redirectUrl().toString()},
            {QStringLiteral("scopes"), c.scopes()},
            {QStringLiteral("pkce"), c.flowType() == AuthConfig::FlowType::Pkce},
            {QStringLiteral("storage_key"), c.storageKey()},
            {QStringLiteral("request_timeout_ms"), c.requestTimeoutMs()},
            {QStringLiteral("trusted_hosts"), hosts},
            {QStringLiteral("extra_authorize_params"), extra}};
}

AuthConfig configFrom(const QJsonObject &o)
{
    AuthConfig c(QUrl(o.value(QStringLiteral("project_url")).toString()),
                 o.value(QStringLiteral("anon_key")).toString());
    c.setProvider(o.value(QStringLiteral("provider")).toString());
    c.setRedirectUrl(QUrl(o.value(QStringLiteral("redirect_url")).toString()));
    c.setScopes(o.value(QStringLiteral("scopes")).toString());
    c.setFlowType(o.value(QStringLiteral("pkce")).toBool() ? AuthConfig::FlowType::Pkce
                                                           : AuthConfig::FlowType::Implicit);
    c.setStorageKey(o.value(QStringLiteral("storage_key")).toString());
    c.setRequestTimeoutMs(o.value(QStringLiteral("request_timeout_ms")).toInt(30000));
    QStringList hosts;
    const QJsonArray hostArray = o.value(QStringLiteral("trusted_hosts")).toArray();
    for (const QJsonValue host : hostArray)
        hosts << host.toString();
    c.setTrustedHosts(hosts);
    QList<QPair<QString, QString>> extra;
    const QJsonArray params = o.value(QStringLiteral("extra_authorize_params")).toArray();
    for (const QJsonValue param : params)
        extra.append({param.toArray().at(0).toString(), param.toArray().at(1).toString()});
    c.setExtraAuthorizeParams(extra);
    return c;
}

QJsonObject document(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || doc.object().value(QStringLiteral("schema")).toInt() != Schema)
        return {};
    return doc.object();
}

} // namespace

QByteArray SignInHelper::request(const AuthConfig &config, const NetworkSettings &network,
                                 const QString &language)
{
    const QJsonObject o{{QStringLiteral("schema"), Schema},
                        {QStringLiteral("config"), configJson(config)},
                        {QStringLiteral("proxy"), network.proxySetting()},
                        {QStringLiteral("ca_file"), network.caFile()},
                        {QStringLiteral("language"), language}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QString SignInHelper::notByHand()
{
    return tr("%1 is started by the wechat-login window, not by hand.").arg(QLatin1String(Verb));
}

bool SignInHelper::readRequest(const QByteArray &json, Request *request, QString *why)
{
    const QJsonObject o = document(json);
    if (!o.value(QStringLiteral("config")).isObject()) {
        *why = notByHand();
        return false;
    }
    request->config = configFrom(o.value(QStringLiteral("config")).toObject());
    request->proxy = o.value(QStringLiteral("proxy")).toString();
    request->caFile = o.value(QStringLiteral("ca_file")).toString();
    request->language = o.value(QStringLiteral("language")).toString();
    return true;
}

QByteArray SignInHelper::reply(const Session &session, const AuthError &error)
{
    QJsonObject o{{QStringLiteral("schema"), Schema}};
    if (session.isValid()) {
        o.insert(QStringLiteral("session"), QJsonDocument::fromJson(session.toJson()).object());
    } else {
        const QMetaEnum kinds = QMetaEnum::fromType<AuthError::Kind>();
        o.insert(QStringLiteral("error"),
                 QJsonObject{{QStringLiteral("kind"),
                              QString::fromLatin1(kinds.valueToKey(int(error.kind())))},
                             {QStringLiteral("message"), error.message()}});
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool SignInHelper::readReply(const QByteArray &json, Session *session, AuthError *error)
{
    const QJsonObject o = document(json);
    if (o.value(QStringLiteral("session")).isObject()) {
        *session = Session::fromJson(
            QJsonDocument(o.value(QStringLiteral("session")).toObject()).toJson());
        return session->isValid();
    }
    const QJsonObject e = o.value(QStringLiteral("error")).toObject();
    if (e.isEmpty())
        return false;
    bool known = false;
    const int kind = QMetaEnum::fromType<AuthError::Kind>().keyToValue(
        e.value(QStringLiteral("kind")).toString().toLatin1().constData(), &known);
    *error = AuthError(known ? AuthError::Kind(kind) : AuthError::Kind::ProviderError,
                       e.value(QStringLiteral("message")).toString());
    return true;
}

bool SignInHelper::readStandardInput(Request *request, QString *why)
{
    // One line, read without stdio's buffering: standard input stays open afterwards, and
    // its end (the window cancelled, or is gone) closes the dialog. The window writes it
    // as it starts the helper: a terminal, or a pipe that stays silent, is refused.
    QByteArray line;
    if (!::isatty(StdIn)) {
        const QDeadlineTimer deadline(RequestWaitMs);
        char buffer[4096];
        while (!line.contains('\n')) {
            pollfd in{StdIn, POLLIN, 0};
            if (::poll(&in, 1, int(deadline.remainingTime())) <= 0)
                break;
            const ssize_t n = ::read(StdIn, buffer, sizeof buffer);
            if (n <= 0)
                break;
            line.append(buffer, int(n));
        }
    }
    return readRequest(line, request, why);
}

int SignInHelper::run(const Request &request)
{
    QString why;
    NetworkSettings network;
    if (!network.setProxy(request.proxy, &why)
        || (!request.caFile.isEmpty() && !network.setCaFile(request.caFile, &why))) {
        QTextStream(stderr) << why << Qt::endl;
        return Verbs::Usage;
    }
    network.apply();
    if (!request.language.isEmpty())
        AppConfig::applyLanguage(request.language);
    WindowPlugin *window = windowPlugin(&why);
    Session session;
    AuthError error;
    if (window) // error says why not, also when the dialog could not be shown
        window->signInDialog(request.config, StdIn, &session, &error);
    else
        error = AuthError(AuthError::Kind::ConfigError, why);
    const QByteArray answer = reply(session, error);
    std::fwrite(answer.constData(), 1, size_t(answer.size()), stdout);
    std::fflush(stdout);
    return session.isValid() ? Verbs::Ok : Verbs::NotSignedIn;
}

} // namespace WeChatLogin
