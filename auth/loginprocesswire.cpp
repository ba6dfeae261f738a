// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "displaytext_p.h"
#include "loginprocesswire_p.h"

// Qt
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>
#include <QUrl>

#include <poll.h>
#include <unistd.h>

namespace WeChatLogin::LoginProcessWire {

namespace {

constexpr int Schema = 1;

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

QJsonObject configJson(const AuthConfig &c)
{
    QJsonArray hosts;
    for (const QString &host : c.trustedHosts())
        hosts.append(host);
    QJsonArray extra;
    for (const auto &param : c.extraAuthorizeParams())
        extra.append(QJsonArray{param.first, param.second});
    return {{key("project_url"), c.projectUrl().toString()},
            {key("anon_key"), c.anonKey()},
            {key("provider"), c.provider()},
            {key("redirect_url"), c.redirectUrl().toString()},
            {key("scopes"), c.scopes()},
            {key("pkce"), c.flowType() == AuthConfig::FlowType::Pkce},
            {key("storage_key"), c.storageKey()},
            {key("request_timeout_ms"), c.requestTimeoutMs()},
            {key("trusted_hosts"), hosts},
            {key("extra_authorize_params"), extra}};
}

AuthConfig configFrom(const QJsonObject &o)
{
    AuthConfig c(QUrl(o.value(key("project_url")).toString()), o.value(key("anon_key")).toString());
    c.setProvider(o.value(key("provider")).toString());
    c.setRedirectUrl(QUrl(o.value(key("redirect_url")).toString()));
    c.setScopes(o.value(key("scopes")).toString());
    c.setFlowType(o.value(key("pkce")).toBool() ? AuthConfig::FlowType::Pkce
                                                : AuthConfig::FlowType::Implicit);
    c.setStorageKey(o.value(key("storage_key")).toString());
    c.setRequestTimeoutMs(o.value(key("request_timeout_ms")).toInt(30000));
    QStringList hosts;
    const QJsonArray hostArray = o.value(key("trusted_hosts")).toArray();
    for (const QJsonValue host : hostArray)
        hosts << host.toString();
    c.setTrustedHosts(hosts);
    QList<QPair<QString, QString>> extra;
    const QJsonArray params = o.value(key("extra_authorize_params")).toArray();
    for (const QJsonValue param : params)
        extra.append({param.toArray().at(0).toString(), param.toArray().at(1).toString()});
    c.setExtraAuthorizeParams(extra);
    return c;
}

constexpr const char *ProxyModes[] = {"default", "system", "direct", "explicit"};
constexpr const char *Starts[] = {"shown", "hidden", "spare"};
constexpr const char *Commands[] = {nullptr, "show", "prestart", "discard", "language"};
constexpr const char *Events[] = {nullptr, "spare", "ready", "discarded", "shown"};

// The index of name in names (nullptr entries never match), or -1.
template<size_t N>
int indexOf(const char *const (&names)[N], const QString &name)
{
    for (size_t i = 0; i < N; ++i) {
        if (names[i] && name == QLatin1String(names[i]))
            return int(i);
    }
    return -1;
}

QJsonObject proxyJson(const Request &r)
{
    QJsonObject o{{key("mode"), key(ProxyModes[int(r.proxyMode)])}};
    if (r.proxyMode == Request::ProxyMode::Explicit) {
        o.insert(key("type"),
                 r.proxy.type() == QNetworkProxy::Socks5Proxy ? key("socks5") : key("http"));
        o.insert(key("host"), r.proxy.hostName());
        o.insert(key("port"), int(r.proxy.port()));
        o.insert(key("user"), r.proxy.user());
        o.insert(key("password"), r.proxy.password());
    }
    return o;
}

bool proxyFrom(const QJsonObject &o, Request *r)
{
    const QString mode = o.value(key("mode")).toString(key("default"));
    for (int i = 0; i < int(std::size(ProxyModes)); ++i) {
        if (mode == QLatin1String(ProxyModes[i]))
            r->proxyMode = Request::ProxyMode(i);
    }
    if (mode != QLatin1String(ProxyModes[int(r->proxyMode)]))
        return false;
    if (r->proxyMode != Request::ProxyMode::Explicit)
        return true;
    const int port = o.value(key("port")).toInt();
    if (o.value(key("host")).toString().isEmpty() || port < 1 || port > 65535)
        return false;
    r->proxy = QNetworkProxy(o.value(key("type")).toString() == QLatin1String("socks5")
                                 ? QNetworkProxy::Socks5Proxy
                                 : QNetworkProxy::HttpProxy,
                             o.value(key("host")).toString(), quint16(port),
                             o.value(key("user")).toString(), o.value(key("password")).toString());
    return true;
}

QByteArray line(QJsonObject o)
{
    o.insert(key("schema"), Schema);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray commandLine(Command::Kind kind)
{
    return line({{key("command"), key(Commands[int(kind)])}});
}

QByteArray eventLine(Message::Kind kind)
{
    return line({{key("event"), key(Events[int(kind)])}});
}

QJsonObject document(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || doc.object().value(key("schema")).toInt() != Schema)
        return {};
    return doc.object();
}

} // namespace

void Request::captureNetwork()
{
    if (QNetworkProxyFactory::usesSystemConfiguration()) {
        proxyMode = ProxyMode::System;
    } else {
        proxy = QNetworkProxy::applicationProxy();
        switch (proxy.type()) {
        case QNetworkProxy::NoProxy: // also Qt's default when none was set
            proxyMode = ProxyMode::Direct;
            break;
        case QNetworkProxy::HttpProxy:
        case QNetworkProxy::Socks5Proxy:
            proxyMode = ProxyMode::Explicit;
            break;
        default: // Qt's default, or a kind the sign-in page cannot use: the child's default
            proxyMode = ProxyMode::Default;
            break;
        }
    }
    caCertificates.clear();
    const QList<QSslCertificate> trusted =
        QSslConfiguration::defaultConfiguration().caCertificates();
    if (trusted.isEmpty())
        return; // the system's, loaded on demand: nothing added
    // Reading the system's store takes ~200 ms (hundreds of files): once per process.
    static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    for (const QSslCertificate &certificate : trusted) {
        if (!system.contains(certificate))
            caCertificates.append(certificate);
    }
}

void Request::applyNetwork() const
{
    switch (proxyMode) {
    case ProxyMode::Default:
        break;
    case ProxyMode::System:
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        break;
    case ProxyMode::Direct:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
        break;
    case ProxyMode::Explicit:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(proxy);
        break;
    }
    if (!caCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(caCertificates);
        QSslConfiguration::setDefaultConfiguration(tls);
    }
}

QByteArray encodeRequest(const Request &r)
{
    QJsonArray certificates;
    for (const QSslCertificate &certificate : r.caCertificates)
        certificates.append(QString::fromLatin1(certificate.toPem()));
    return line({{key("config"), configJson(r.config)},
                 {key("proxy"), proxyJson(r)},
                 {key("ca_certificates"), certificates},
                 {key("language"), r.language},
                 {key("start"), key(Starts[int(r.start)])}});
}

bool decodeRequest(const QByteArray &json, Request *r)
{
    const QJsonObject o = document(json);
    if (!o.value(key("config")).isObject() || !proxyFrom(o.value(key("proxy")).toObject(), r))
        return false;
    r->config = configFrom(o.value(key("config")).toObject());
    const QJsonArray certificates = o.value(key("ca_certificates")).toArray();
    r->caCertificates.clear();
    for (const QJsonValue pem : certificates)
        r->caCertificates += QSslCertificate::fromData(pem.toString().toLatin1(), QSsl::Pem);
    r->language = o.value(key("language")).toString();
    const int start = indexOf(Starts, o.value(key("start")).toString());
    if (start < 0)
        return false;
    r->start = Request::Start(start);
    return r->config.projectUrl().isValid();
}

bool readRequest(int fd, Request *request, int timeoutMs)
{
    // One line, read without stdio's buffering: what follows it (commands, the end of the
    // input) is read later by the dialog's process. The host writes it as it starts the
    // child: a terminal, or a pipe that stays silent, is refused.
    QByteArray text;
    if (::isatty(fd))
        return false;
    const QDeadlineTimer deadline(timeoutMs);
    while (!text.contains('\n')) {
        pollfd in{fd, POLLIN, 0};
        if (::poll(&in, 1, int(deadline.remainingTime())) <= 0)
            return false;
        char byte = 0; // byte by byte: nothing past the line is taken from the pipe
        if (::read(fd, &byte, 1) != 1)
            return false;
        text.append(byte);
        if (text.size() > qsizetype(1) << 20) // 1 MiB: no request is near it
            return false;
    }
    return decodeRequest(text, request);
}

QByteArray showCommand()
{
    return commandLine(Command::Kind::Show);
}

QByteArray prestartCommand()
{
    return commandLine(Command::Kind::Prestart);
}

QByteArray discardCommand()
{
    return commandLine(Command::Kind::Discard);
}

QByteArray languageCommand(const QString &language)
{
    return line({{key("command"), key(Commands[int(Command::Kind::Language)])},
                 {key("language"), language}});
}

Command decodeCommand(const QByteArray &json)
{
    const QJsonObject o = document(json);
    Command c;
    const int kind = indexOf(Commands, o.value(key("command")).toString());
    if (kind > 0)
        c.kind = Command::Kind(kind);
    if (c.kind == Command::Kind::Language)
        c.language = o.value(key("language")).toString();
    return c;
}

QByteArray spareEvent()
{
    return eventLine(Message::Kind::Spare);
}

QByteArray readyEvent()
{
    return eventLine(Message::Kind::Ready);
}

QByteArray discardedEvent()
{
    return eventLine(Message::Kind::Discarded);
}

QByteArray shownEvent()
{
    return eventLine(Message::Kind::Shown);
}

QByteArray result(const Session &session, const AuthError &error)
{
    if (session.isValid())
        return line({{key("session"), QJsonDocument::fromJson(session.toJson()).object()}});
    const QMetaEnum kinds = QMetaEnum::fromType<AuthError::Kind>();
    return line({{key("error"), QJsonObject{{key("kind"), key(kinds.valueToKey(int(error.kind())))},
                                            {key("message"), error.message()}}}});
}

Message decodeMessage(const QByteArray &json)
{
    const QJsonObject o = document(json);
    Message m;
    const int event = indexOf(Events, o.value(key("event")).toString());
    if (event > 0) {
        m.kind = Message::Kind(event);
    } else if (o.value(key("session")).isObject()) {
        m.session = Session::fromJson(QJsonDocument(o.value(key("session")).toObject()).toJson());
        if (m.session.isValid())
            m.kind = Message::Kind::Result;
    } else if (o.value(key("error")).isObject()) {
        const QJsonObject e = o.value(key("error")).toObject();
        bool known = false;
        const int kind = QMetaEnum::fromType<AuthError::Kind>().keyToValue(
            e.value(key("kind")).toString().toLatin1().constData(), &known);
        const QString message = Internal::displayText(e.value(key("message")).toString(), 300);
        if (!known) {
            m.error = AuthError(AuthError::Kind::ProviderError, message);
        } else if (AuthError::Kind(kind) == AuthError::Kind::NoError) {
            // "Failed, without an error" is no answer: the child broke the protocol.
            m.error = AuthError(AuthError::Kind::InvalidResponse,
                                QStringLiteral("the sign-in window answered neither a session "
                                               "nor an error"));
        } else {
            m.error = AuthError(AuthError::Kind(kind), message);
        }
        m.kind = Message::Kind::Result;
    }
    return m;
}

namespace {

// A base64url JWT part as a JSON object; empty when it is none.
QJsonObject jwtPart(const QString &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}

} // namespace

bool belongsToProject(const Session &session, const AuthConfig &config, QString *why)
{
    auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (!session.isValid())
        return fail(QStringLiteral("no access token, refresh token or expiry"));
    const QStringList parts = session.accessToken().split(u'.');
    if (parts.size() != 3 || parts.at(2).isEmpty())
        return fail(QStringLiteral("the access token is not a signed JWT"));
    const QString alg = jwtPart(parts.at(0)).value(key("alg")).toString();
    if (alg.isEmpty() || alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return fail(QStringLiteral("the access token is not signed (alg \"%1\")").arg(alg));
    const QJsonObject claims = session.claims();
    const QString sub = claims.value(key("sub")).toString();
    if (claims.isEmpty() || sub.isEmpty() || claims.value(key("exp")).toDouble() <= 0)
        return fail(QStringLiteral("the access token has no subject or expiry"));
    const QString userId = session.user().value(key("id")).toString();
    if (!userId.isEmpty() && userId != sub)
        return fail(QStringLiteral("the access token is for another user than the session's"));
    const QJsonValue aud = claims.value(key("aud"));
    if ((!aud.isString() || aud.toString().isEmpty())
        && (!aud.isArray() || aud.toArray().isEmpty()))
        return fail(QStringLiteral("the access token has no audience"));
    const QString iss = claims.value(key("iss")).toString();
    if (iss.isEmpty())
        return fail(QStringLiteral("the access token has no issuer"));
    const QUrl issuer(iss);
    const QUrl project = config.projectUrl();
    if (issuer.isValid() && !issuer.host().isEmpty()
        && (issuer.scheme() != project.scheme()
            || issuer.host().compare(project.host(), Qt::CaseInsensitive) != 0
            || issuer.port(issuer.scheme() == QLatin1String("https") ? 443 : 80)
                   != project.port(project.scheme() == QLatin1String("https") ? 443 : 80)))
        return fail(QStringLiteral("the access token was issued by %1, not by the project %2")
                        .arg(Internal::displayText(iss, 120), project.toDisplayString()));
    QString lifetime;
    if (!session.hasPlausibleLifetime(&lifetime))
        return fail(lifetime);
    return true;
}

} // namespace WeChatLogin::LoginProcessWire
