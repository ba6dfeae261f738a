// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The plugin that brings LoginDialog (and so QtWebEngine) into wechat-login on demand.

#include "signinplugin.h"
#include "loginprocesschild_p.h" // widgets/
#include "proxycredentials.h"
#include "terminalsignin.h"
#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebEngineCertificateError>
#include <QWebEngineLoadingInfo>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <qtwebenginecoreglobal.h>

#include <memory>

namespace WeChatLogin {

// A throwaway off-the-record profile and its page; members go in reverse order, so the
// page before the profile it needs.
class ProbeHolder : public QObject
{
public:
    explicit ProbeHolder(QObject *parent)
        : QObject(parent)
    {}
    // No storage name: off the record, nothing kept.
    std::unique_ptr<QWebEngineProfile> profile = std::make_unique<QWebEngineProfile>();
    std::unique_ptr<QWebEnginePage> page = std::make_unique<QWebEnginePage>(profile.get());
};

class LoginDialogPlugin : public QObject, public SignInPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID WeChatLogin_SignInPlugin_iid)
    Q_INTERFACES(WeChatLogin::SignInPlugin)
public:
    void registerUrlScheme(const QString &scheme) override
    {
        LoginWidget::registerUrlScheme(scheme);
    }
    void prewarm() override { LoginWidget::prewarm(); }
    QDialog *createLoginDialog(const AuthConfig &config, QWidget *parent) override
    {
        auto *dialog = new LoginDialog(config, parent); // owned by parent, or by the caller
        QObject::connect(dialog->loginWidget(), &LoginWidget::proxyAuthenticationRequired, dialog,
                         &ProxyCredentials::answer, Qt::DirectConnection);
        return dialog;
    }
    Session dialogSession(QDialog *dialog) const override
    {
        auto *login = qobject_cast<LoginDialog *>(dialog);
        return login ? login->result().session : Session();
    }
    AuthError dialogError(QDialog *dialog) const override
    {
        auto *login = qobject_cast<LoginDialog *>(dialog);
        return login ? login->result().error : AuthError(AuthError::Kind::Cancelled, QString());
    }

    int serveLoginProcess(const LoginProcessWire::Request &request) override
    {
        LoginProcessChild child(request);
        QObject::connect(
            &child, &LoginProcessChild::dialogCreated, &child, [](LoginDialog *dialog) {
                QObject::connect(dialog->loginWidget(), &LoginWidget::proxyAuthenticationRequired,
                                 dialog, &ProxyCredentials::answer, Qt::DirectConnection);
            });
        return child.exec();
    }

    int signInInTerminal(AppContext &context, const Verbs::SignInOptions &options) override
    {
        TerminalSignIn signIn(context, options);
        return signIn.run();
    }

    QString webEngineVersion() const override
    {
        return QStringLiteral("Chromium %1 (QtWebEngine %2)")
            .arg(QLatin1String(qWebEngineChromiumVersion()), QLatin1String(QT_VERSION_STR));
    }

    void probePage(const AuthConfig &config, const QUrl &url, int timeoutMs, QObject *context,
                   std::function<void(const PageProbe &)> done) override
    {
        // Owned by a holder that dies with the context or when the probe ends.
        auto *holder = new ProbeHolder(context);
        QWebEnginePage *page = holder->page.get();
        auto finish = std::make_shared<std::function<void(const PageProbe &)>>(
            [holder, done = std::move(done)](const PageProbe &result) {
                holder->deleteLater();
                done(result);
            });
        auto once = [finish](const PageProbe &result) {
            if (*finish)
                std::exchange(*finish, nullptr)(result);
        };
        auto certificate = std::make_shared<QString>();
        QObject::connect(page, &QWebEnginePage::certificateError, holder,
                         [certificate](const QWebEngineCertificateError &error) {
                             *certificate = error.description(); // refused, never overridden
                         });
        QObject::connect(
            page, &QWebEnginePage::loadingChanged, holder,
            [page, config, once, certificate](const QWebEngineLoadingInfo &info) {
                if (info.status() == QWebEngineLoadingInfo::LoadFailedStatus) {
                    once({false, info.url().host(),
                          certificate->isEmpty()
                              ? info.errorString()
                              : QStringLiteral("the certificate was refused: ") + *certificate});
                    return;
                }
                if (info.status() != QWebEngineLoadingInfo::LoadSucceededStatus)
                    return;
                const QUrl at = page->url();
                if (!config.isTrustedUrl(at)) {
                    once({false, at.host(),
                          QStringLiteral("the page ended up on %1, which is not WeChat's")
                              .arg(at.host())});
                    return;
                }
                page->runJavaScript(QStringLiteral("document.querySelector('img.js_qrcode_img, "
                                                   "img.web_qrcode_img, img.qrcode') !== null"),
                                    [once, host = at.host()](const QVariant &found) {
                                        once({found.toBool(), host,
                                              found.toBool()
                                                  ? QString()
                                                  : QStringLiteral("the page has no QR code")});
                                    });
            });
        QTimer::singleShot(timeoutMs, holder, [once, timeoutMs] {
            once({false, QString(),
                  QStringLiteral("it did not finish loading within %1 s").arg(timeoutMs / 1000)});
        });
        page->load(url);
    }
};

} // namespace WeChatLogin

#include "signinplugin.moc"
