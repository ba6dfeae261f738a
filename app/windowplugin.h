// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_WINDOWPLUGIN_H
#define WECHATLOGIN_APP_WINDOWPLUGIN_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QString>

class QCoreApplication;

namespace WeChatLogin {

class AppContext;
namespace LoginProcessWire {
struct Request;
}

/*
 * The app's door to widgets: the window, the settings dialog and the sign-in dialog live
 * in libwechat-login-window.so, loaded only when a window is needed. The command-line
 * verbs never map QtWidgets or QtGui: ELF resolves every symbol of a library at load time
 * (Qt's libraries are linked with -z now), and Widgets and Gui alone cost `token` more
 * than a keychain read (README "How fast `token` is").
 */
class WindowPlugin
{
public:
    virtual ~WindowPlugin() = default;

    // The QApplication for the window and the sign-in dialog.
    virtual QCoreApplication *createApplication(int &argc, char **argv) = 0;
    // Shows MainWindow and runs the event loop; returns the exit code.
    virtual int runWindow(AppContext *context) = 0;
    // The sign-in dialog, modal: the session, or why not (Cancelled: closed).
    virtual bool signIn(AppContext *context, Session *session, AuthError *error) = 0;
    // The window's sign-in helper process (signinhelper.h): the dialog for a LoginProcess
    // on standard input and output; nothing stored. 0: signed in; -1: no dialog (why).
    virtual int signInHelper(const LoginProcessWire::Request &request, QString *why) = 0;
};

// Loads the window library on first use (next to the executable, in the installed
// plugin directory, or in $WECHAT_LOGIN_PLUGIN_DIR); later calls return the same
// instance. Null with a reason when it cannot be loaded.
WindowPlugin *windowPlugin(QString *error);

// Where the app's plugins are looked for, in order.
QStringList pluginSearchDirs();
// The entry point symbol of the private library fileName, from the first of
// pluginSearchDirs() that has it (the library stays loaded). Null with *error =
// notFound.arg(the places looked in), plus the loader's own words.
QFunctionPointer resolvePluginEntry(const QString &fileName, const char *symbol,
                                    const QString &notFound, QString *error);

} // namespace WeChatLogin

// The window library's one entry point.
#define WECHATLOGIN_WINDOW_ENTRY "wechatlogin_window_plugin"
extern "C" {
using WeChatLoginWindowEntry = WeChatLogin::WindowPlugin *(*)();
}

#endif
